package com.nexacrm.monitor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The process monitor's settings. Most are for remote mode (a Camunda cluster), where the
 * projection polls the cluster's REST API.
 *
 * @param remotePollInterval the pause between two polls
 * @param remoteRefreshInterval how old an instance's element instances and incidents may
 * get before they are read again even though nothing else about the instance changed
 * (timers and messages move an instance without a job)
 * @param settleUnboundAfter how long an instance of a process the app starts may stay
 * without a binding before it is taken for an orphan and settled (see {@link Orphans});
 * well above the time from the engine's answer to a start to its binding
 */
@ConfigurationProperties("nexacrm.monitor")
record MonitorSettings(@DefaultValue("PT5S") Duration remotePollInterval,
		@DefaultValue("PT1M") Duration remoteRefreshInterval, @DefaultValue("PT2M") Duration settleUnboundAfter) {
}

package com.nexacrm.monitor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The process monitor's settings for remote mode (a Camunda cluster), where the
 * projection polls the cluster's REST API.
 *
 * @param remotePollInterval the pause between two polls
 * @param remoteRefreshInterval how old an instance's element instances and incidents may
 * get before they are read again even though nothing else about the instance changed
 * (timers and messages move an instance without a job)
 */
@ConfigurationProperties("nexacrm.monitor")
record MonitorSettings(@DefaultValue("PT5S") Duration remotePollInterval,
		@DefaultValue("PT1M") Duration remoteRefreshInterval) {
}

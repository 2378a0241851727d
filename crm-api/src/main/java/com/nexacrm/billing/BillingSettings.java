package com.nexacrm.billing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings.
 *
 * @param provider the billing provider: {@code none} (customers kept locally, payments
 * recorded through the API) until a provider adapter is configured
 * @param trialLength how long a new organisation's trial runs
 * @param recoverTrialsOnStart whether the app brings running trials back under process
 * control when it starts (the embedded engine forgets its instances on a restart)
 * @param readOnlyCacheTtl how long a replica trusts its cached read-only flag of an
 * organisation; the replica that changes the flag forgets it at once
 */
@ConfigurationProperties("nexacrm.billing")
public record BillingSettings(@DefaultValue("none") String provider, @DefaultValue("P14D") Duration trialLength,
		@DefaultValue("true") boolean recoverTrialsOnStart, @DefaultValue("PT15S") Duration readOnlyCacheTtl) {

	public static final String PROVIDER_NONE = "none";

}

package com.nexacrm.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed sign-ins are allowed in 15 minutes before further attempts are refused.
 *
 * @param maxFailuresPerEmail per account email: stops guessing one person's password
 * @param maxFailuresPerAddress per client address: stops spraying many accounts
 */
@ConfigurationProperties("nexacrm.login")
public record LoginSettings(@DefaultValue("5") int maxFailuresPerEmail, @DefaultValue("50") int maxFailuresPerAddress) {
}

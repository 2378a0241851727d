package com.nexacrm.integration;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Email settings. Without a Resend API key every email stays in the outbox, which the web
 * app shows.
 *
 * @param resend the Resend account
 */
@ConfigurationProperties("nexacrm.email")
public record EmailSettings(Resend resend) {

	/**
	 * @param apiKey Resend API key ({@code RESEND_API_KEY}); blank: no provider
	 * @param from the sender; its domain must be verified in Resend
	 * @param baseUrl Resend's API; tests point it at a local server
	 */
	public record Resend(String apiKey, String from, URI baseUrl) {

		boolean configured() {
			return this.apiKey != null && !this.apiKey.isBlank();
		}

	}

}

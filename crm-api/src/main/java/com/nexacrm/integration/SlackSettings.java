package com.nexacrm.integration;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack settings.
 *
 * @param apiUrl where Slack's Web API methods are ({@code https://slack.com/api/}); tests
 * point it at a local server
 * @param tokenKey base64 of a 256-bit AES key that encrypts the organisations' bot tokens
 * at rest; set it in production (every replica the same)
 * @param tokenKeyFile where a key is generated and kept when {@code tokenKey} is not set
 * (a single machine, e.g. the embedded mode)
 */
@ConfigurationProperties("nexacrm.slack")
public record SlackSettings(String apiUrl, String tokenKey, Path tokenKeyFile) {

}

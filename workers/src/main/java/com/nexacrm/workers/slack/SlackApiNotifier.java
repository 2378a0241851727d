package com.nexacrm.workers.slack;

import java.io.IOException;
import java.util.Set;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;

/**
 * Posts through Slack's Java client ({@code chat.postMessage}). The only class that
 * imports Slack's SDK.
 */
public final class SlackApiNotifier implements SlackNotifier {

	/** Errors that mean the token or channel does not work; anything else is retried. */
	private static final Set<String> NOT_CONNECTED = Set.of("not_authed", "invalid_auth", "account_inactive",
			"token_revoked", "token_expired", "no_permission", "missing_scope", "channel_not_found", "not_in_channel",
			"is_archived");

	private final Slack slack;

	/**
	 * @param methodsUrlPrefix where Slack's Web API methods are, e.g.
	 * {@code https://slack.com/api/}; {@code null} for Slack itself
	 */
	public SlackApiNotifier(String methodsUrlPrefix) {
		SlackConfig config = new SlackConfig();
		if (methodsUrlPrefix != null && !methodsUrlPrefix.isBlank()) {
			config.setMethodsEndpointUrlPrefix(
					methodsUrlPrefix.endsWith("/") ? methodsUrlPrefix : methodsUrlPrefix + "/");
		}
		config.setStatsEnabled(false);
		this.slack = Slack.getInstance(config);
	}

	@Override
	public String postMessage(String botToken, String channel, String text) throws NotConnected, IOException {
		ChatPostMessageResponse response;
		try {
			response = this.slack.methods(botToken)
				.chatPostMessage((request) -> request.channel(channel).text(text).mrkdwn(true).unfurlLinks(false));
		}
		catch (SlackApiException ex) {
			throw new IOException("Slack answered HTTP " + ex.getResponse().code() + " to chat.postMessage", ex);
		}
		if (response.isOk()) {
			return response.getTs();
		}
		if (NOT_CONNECTED.contains(response.getError())) {
			throw new NotConnected(response.getError());
		}
		throw new IOException("Slack refused chat.postMessage: " + response.getError());
	}

}

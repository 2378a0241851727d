package com.nexacrm.integration;

import com.nexacrm.workers.activity.DealTimeline;
import com.nexacrm.workers.activity.RecordActivityWorker;
import com.nexacrm.workers.email.EmailSender;
import com.nexacrm.workers.email.ResendMailer;
import com.nexacrm.workers.slack.DealSummaries;
import com.nexacrm.workers.slack.PostSlackMessageWorker;
import com.nexacrm.workers.slack.SlackApiNotifier;
import com.nexacrm.workers.slack.SlackConnections;
import com.nexacrm.workers.slack.SlackNotifier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The adapters for Slack and Resend and the workers that use them. Resend is used only
 * when an API key is set; otherwise email stays in the outbox.
 */
@Configuration(proxyBeanMethods = false)
class IntegrationConfiguration {

	@Bean
	SlackTokenCipher slackTokenCipher(SlackSettings settings) {
		return new SlackTokenCipher(settings);
	}

	@Bean
	SlackNotifier slackNotifier(SlackSettings settings) {
		return new SlackApiNotifier(settings.apiUrl());
	}

	@Bean
	PostSlackMessageWorker postSlackMessageWorker(SlackConnections connections, DealSummaries deals,
			SlackNotifier notifier) {
		return new PostSlackMessageWorker(connections, deals, notifier);
	}

	@Bean
	RecordActivityWorker recordActivityWorker(DealTimeline timeline) {
		return new RecordActivityWorker(timeline);
	}

	@Bean
	@ConditionalOnExpression("!'${nexacrm.email.resend.api-key:}'.isBlank()")
	EmailSender resendMailer(EmailSettings settings) {
		EmailSettings.Resend resend = settings.resend();
		if (resend.from() == null || resend.from().isBlank()) {
			throw new IllegalStateException("RESEND_API_KEY is set but EMAIL_FROM is not: set the sender address");
		}
		return new ResendMailer(resend.apiKey(), resend.from(), resend.baseUrl());
	}

}

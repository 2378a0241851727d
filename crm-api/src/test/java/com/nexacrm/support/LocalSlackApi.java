package com.nexacrm.support;

import java.util.Map;

import com.nexacrm.workers.LocalHttpApi;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the app's Slack client at one local server speaking Slack's Web API, for every
 * test context (registered in META-INF/spring.factories): Slack's SDK takes its URL at
 * start-up, and the integration tests share one context. Posts succeed unless a test
 * answers otherwise.
 */
public class LocalSlackApi implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	public static final String POST_MESSAGE = "/api/chat.postMessage";

	private static final LocalHttpApi SERVER = new LocalHttpApi().answer(POST_MESSAGE,
			new LocalHttpApi.Reply(200, "{\"ok\":true,\"channel\":\"C0WINS\",\"ts\":\"1700000000.000200\"}"));

	public static LocalHttpApi server() {
		return SERVER;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("localSlackApi",
					Map.of("nexacrm.slack.api-url", SERVER.baseUrl() + "/api/")));
	}

}

package com.nexacrm.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nexacrm.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app in real headless Chromium against this app on a random port: runs
 * {@code npm run e2e} in {@code admin-ui} (Node's test runner driving Debian's Chromium
 * through playwright-core) and expects it to pass. Screenshots of the main screens land
 * in {@code crm-api/target/e2e-screenshots}, the runner's output in
 * {@code crm-api/target/e2e.log}.
 */
@IntegrationTest
class BrowserEndToEndIntegrationTest {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

	private static final Path ADMIN_UI = Path.of("..", "admin-ui").toAbsolutePath().normalize();

	@LocalServerPort
	int port;

	@Test
	void theMainFlowWorksInChromium() throws IOException, InterruptedException {
		assertThat(Files.isExecutable(CHROMIUM))
			.withFailMessage("The end-to-end tests need Chromium at %s. Install it with `apt-get install -y chromium` "
					+ "(.ci/run does this), or point CHROMIUM_PATH at a Chromium binary.", CHROMIUM)
			.isTrue();
		assertThat(ADMIN_UI.resolve("node_modules/playwright-core"))
			.withFailMessage(
					"admin-ui has no node_modules; build it first (./mvnw install -pl admin-ui or npm ci there)")
			.isDirectory();
		Path target = Path.of("target").toAbsolutePath();
		Path log = target.resolve("e2e.log");
		Files.createDirectories(target);
		ProcessBuilder npm = new ProcessBuilder(List.of("npm", "run", "e2e")).directory(ADMIN_UI.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		npm.environment().put("E2E_BASE_URL", "http://127.0.0.1:" + this.port);
		npm.environment().put("E2E_SCREENSHOTS", target.resolve("e2e-screenshots").toString());
		npm.environment().put("CHROMIUM_PATH", CHROMIUM.toString());
		npm.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
		Process process = npm.start();
		boolean finished = process.waitFor(10, TimeUnit.MINUTES);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished).withFailMessage("npm run e2e did not finish in 10 minutes:%n%s", tail(output)).isTrue();
		assertThat(process.exitValue()).withFailMessage("npm run e2e failed (full log: %s):%n%s", log, tail(output))
			.isZero();
		assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
		assertThat(target.resolve("e2e-screenshots/05-board-moved.png")).isNotEmptyFile();
	}

	private static String tail(String output) {
		return output.substring(Math.max(0, output.length() - 6000));
	}

}

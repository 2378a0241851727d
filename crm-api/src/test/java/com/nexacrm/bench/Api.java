package com.nexacrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A signed-in browser-like client of the API over loopback HTTP/1.1: keeps the session
 * cookie, sends the CSRF token on state-changing calls, and times each call from sending
 * the request to having read the whole body.
 */
final class Api {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String base;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	private Api(int port) {
		this.base = "http://127.0.0.1:" + port;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(this.cookies)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	static Api signIn(int port, String email, String password) throws Exception {
		Api api = new Api(port);
		Response response = api.post("/api/v1/session", Map.of("email", email, "password", password));
		if (!response.ok() || api.cookie("nexa_session") == null) {
			throw new IllegalStateException(
					"Sign-in as " + email + " failed: " + response.status() + " " + response.body());
		}
		return api;
	}

	/** Signs up a new user and organisation; the session is the new owner's. */
	static Api signUp(int port, String email, String password, String organization) throws Exception {
		Api api = new Api(port);
		Response response = api.post("/api/v1/signup",
				Map.of("email", email, "password", password, "name", "Bench Owner", "organizationName", organization));
		if (!response.ok()) {
			throw new IllegalStateException("Sign-up failed: " + response.status() + " " + response.body());
		}
		return api;
	}

	Response put(String path, Object body) throws Exception {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	Response get(String path) throws Exception {
		return send(request(path).GET());
	}

	Response post(String path, Object body) throws Exception {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	/** A multipart/form-data upload: text fields and one file. */
	Response multipart(String path, Map<String, String> fields, String fileField, String fileName, Path file)
			throws Exception {
		String boundary = "bench-" + UUID.randomUUID();
		List<byte[]> parts = new ArrayList<>();
		fields.forEach((name, value) -> parts.add(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
					.getBytes(StandardCharsets.UTF_8)));
		parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
				+ fileName + "\"\r\nContent-Type: text/csv\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		parts.add(java.nio.file.Files.readAllBytes(file));
		parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArrays(parts)));
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(120))
			.header("Accept", "application/json");
		String csrf = cookie("nexa_csrf");
		if (csrf != null) {
			builder.header("X-CSRF-Token", csrf);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(request.build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		return new Response(response.statusCode(), response.body(), System.nanoTime() - start);
	}

	private String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/** One answer and how long it took. */
	record Response(int status, String body, long nanos) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (JsonProcessingException ex) {
				throw new UncheckedIOException("Not JSON (" + this.status + "): " + this.body, ex);
			}
		}

	}

}

package com.nexacrm.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A browser-like client of the REST API: keeps its cookies, sends the session's CSRF
 * token on state-changing calls, or an API key when given one.
 */
public class ApiClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String base;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	private String bearer;

	private boolean sendCsrf = true;

	public ApiClient(int port) {
		this.base = "http://127.0.0.1:" + port;
		this.http = HttpClient.newBuilder().cookieHandler(this.cookies).build();
	}

	public static ApiClient withApiKey(int port, String key) {
		ApiClient client = new ApiClient(port);
		client.bearer = key;
		return client;
	}

	/** Stops sending the CSRF header, as a cross-site form post would. */
	public ApiClient withoutCsrf() {
		this.sendCsrf = false;
		return this;
	}

	public Response get(String path) {
		return send("GET", path, null, "application/json");
	}

	/** Loads a page as a browser does (asking for HTML). */
	public Response page(String path) {
		return send("GET", path, null, "text/html");
	}

	public Response post(String path, Object body) {
		return send("POST", path, body, "application/json");
	}

	public Response put(String path, Object body) {
		return send("PUT", path, body, "application/json");
	}

	public Response patch(String path, Object body) {
		return send("PATCH", path, body, "application/json");
	}

	public Response delete(String path) {
		return send("DELETE", path, null, "application/json");
	}

	/** Sends a raw body, for malformed and oversized input. */
	public Response raw(String method, String path, String body, String contentType) {
		return send(method, path, body, contentType);
	}

	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((c) -> c.getName().equals(name) && !c.getValue().isEmpty())
			.map(HttpCookie::getValue)
			.findFirst();
	}

	public Response send(String method, String path, Object body, String contentType) {
		try {
			HttpRequest.BodyPublisher publisher;
			if (body == null) {
				publisher = HttpRequest.BodyPublishers.noBody();
			}
			else if (body instanceof String text) {
				publisher = HttpRequest.BodyPublishers.ofString(text);
			}
			else {
				publisher = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
				.method(method, publisher)
				.header("Accept", "text/html".equals(contentType) && body == null ? "text/html"
						: "application/json, application/problem+json");
			if (body != null) {
				request.header("Content-Type", contentType);
			}
			if (this.bearer != null) {
				request.header("Authorization", "Bearer " + this.bearer);
			}
			if (this.sendCsrf) {
				cookie("nexa_csrf").ifPresent((csrf) -> request.header("X-CSRF-Token", csrf));
			}
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Retry-After").orElse(null));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response with its body parsed on demand. */
	public record Response(int status, String body, String contentType, String retryAfter) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

		/** The problem type's last path segment, e.g. {@code validation}. */
		public String problem() {
			String type = json().path("type").asText();
			return type.substring(type.lastIndexOf('/') + 1);
		}

		public boolean isProblem() {
			return this.contentType.startsWith("application/problem+json");
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}

package com.nexacrm.dataio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Multipart uploads and binary downloads for a signed-in {@link ApiClient}: sends its
 * session cookie and CSRF token, streams a file body from disk with its length declared.
 */
public final class Uploads {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private Uploads() {
	}

	/**
	 * Starts an import of the CSV text; {@code parts} are entity, mapping, dedupe, mode.
	 */
	public static ApiClient.Response importCsv(ApiClient client, int port, Map<String, String> parts, String csv) {
		return post(client, port, parts, "import.csv", HttpRequest.BodyPublishers.ofString(csv));
	}

	public static ApiClient.Response importBytes(ApiClient client, int port, Map<String, String> parts,
			byte[] content) {
		return post(client, port, parts, "import.csv", HttpRequest.BodyPublishers.ofByteArray(content));
	}

	public static ApiClient.Response importFile(ApiClient client, int port, Map<String, String> parts, Path file) {
		try {
			return post(client, port, parts, file.getFileName().toString(), HttpRequest.BodyPublishers.ofFile(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Starts a small contact import and waits for it to end; returns its id. */
	public static String importContacts(ApiClient client, int port, String csv) {
		ApiClient.Response started = importCsv(client, port, Map.of("entity", "contact"), csv);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.json().path("id").asText();
		awaitEnd(client, id);
		return id;
	}

	/** Polls the import until it has completed or failed, and returns it. */
	public static JsonNode awaitEnd(ApiClient client, String importId) {
		JsonNode[] job = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			job[0] = client.get("/api/v1/imports/" + importId).json();
			String status = job[0].path("status").asText();
			return status.equals("COMPLETED") || status.equals("FAILED");
		});
		return job[0];
	}

	/** A GET whose body is kept as bytes (archives). */
	public static Download download(ApiClient client, int port, String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
		withSession(client, request);
		return send(request.build());
	}

	private static ApiClient.Response post(ApiClient client, int port, Map<String, String> parts, String fileName,
			HttpRequest.BodyPublisher file) {
		String boundary = "----nexa" + UUID.randomUUID().toString().replace("-", "");
		StringBuilder head = new StringBuilder();
		Map<String, String> fields = new LinkedHashMap<>(parts);
		fields.forEach((name, value) -> head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"")
			.append(name)
			.append("\"\r\n\r\n")
			.append(value)
			.append("\r\n"));
		head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
			.append(fileName)
			.append("\"\r\nContent-Type: text/csv\r\n\r\n");
		String tail = "\r\n--" + boundary + "--\r\n";
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/imports"))
			.POST(HttpRequest.BodyPublishers.concat(
					HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8), file,
					HttpRequest.BodyPublishers.ofString(tail)))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary);
		withSession(client, request);
		Download response = send(request.build());
		return new ApiClient.Response(response.status(), new String(response.body(), StandardCharsets.UTF_8),
				response.contentType(), null);
	}

	private static void withSession(ApiClient client, HttpRequest.Builder request) {
		request.header("Accept", "application/json, application/problem+json, */*");
		String session = client.cookie("nexa_session").orElseThrow();
		String csrf = client.cookie("nexa_csrf").orElseThrow();
		request.header("Cookie", "nexa_session=" + session + "; nexa_csrf=" + csrf);
		request.header("X-CSRF-Token", csrf);
	}

	private static Download send(HttpRequest request) {
		try {
			HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Download(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response body as bytes. */
	public record Download(int status, byte[] body, String contentType) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}

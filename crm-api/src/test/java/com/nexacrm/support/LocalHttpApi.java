package com.nexacrm.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A third-party API on 127.0.0.1 (a free port) for an SDK to talk to: answers each path
 * from a queue of canned responses (the last one repeats) and records every request.
 */
public final class LocalHttpApi implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Deque<Reply>> replies = new java.util.concurrent.ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	public LocalHttpApi() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** The base URL, e.g. {@code http://127.0.0.1:41234}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answers requests to {@code path} with these replies, in order; the last repeats.
	 */
	public LocalHttpApi answer(String path, Reply... replies) {
		this.replies.put(path, new ArrayDeque<>(List.of(replies)));
		return this;
	}

	public List<Request> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		Reply reply;
		synchronized (this) {
			Deque<Reply> queue = this.replies.get(path);
			if (queue == null || queue.isEmpty()) {
				reply = new Reply(404, "{\"message\":\"no such path\"}");
			}
			else {
				reply = (queue.size() > 1) ? queue.poll() : queue.peek();
			}
		}
		Map<String, String> headers = new java.util.HashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
		this.requests.add(new Request(exchange.getRequestMethod(), path, headers, body, reply.status()));
		byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(reply.status(), bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** A canned response. */
	public record Reply(int status, String body) {
	}

	/** A request the server received, with the status it answered. */
	public record Request(String method, String path, Map<String, String> headers, String body, int answered) {

		/** A form field of an {@code application/x-www-form-urlencoded} body. */
		public String formField(String name) {
			for (String pair : this.body.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
					return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				}
			}
			return null;
		}

	}

}

package com.nexacrm.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The search part of a Camunda 8.8 Orchestration Cluster REST API (v2) on 127.0.0.1: the
 * process instance, element instance, incident and job searches filtered by process
 * instance key as the Java client sends them, and process definitions with their XML.
 * Items are held as the JSON the real API answers; {@link #failing} makes every request a
 * 500.
 */
final class LocalOrchestrationCluster implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpServer server;

	private final Map<String, ObjectNode> instances = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> elements = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> incidents = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> definitions = new ConcurrentHashMap<>();

	private final Map<String, String> xml = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private volatile boolean failing;

	LocalOrchestrationCluster() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void failing(boolean failing) {
		this.failing = failing;
	}

	List<Request> requests(Predicate<Request> which) {
		return this.requests.stream().filter(which).toList();
	}

	/** Adds or replaces an item, keyed by its own key field. */
	void instance(ObjectNode item) {
		this.instances.put(item.path("processInstanceKey").asText(), item);
	}

	void element(ObjectNode item) {
		this.elements.put(item.path("elementInstanceKey").asText(), item);
	}

	void incident(ObjectNode item) {
		this.incidents.put(item.path("incidentKey").asText(), item);
	}

	void job(ObjectNode item) {
		this.jobs.put(item.path("jobKey").asText(), item);
	}

	void definition(ObjectNode item, String bpmnXml) {
		String key = item.path("processDefinitionKey").asText();
		this.definitions.put(key, item);
		this.xml.put(key, bpmnXml);
	}

	ObjectNode instance(long key) {
		return this.instances.get(Long.toString(key));
	}

	ObjectNode element(long key) {
		return this.elements.get(Long.toString(key));
	}

	ObjectNode incident(long key) {
		return this.incidents.get(Long.toString(key));
	}

	ObjectNode job(long key) {
		return this.jobs.get(Long.toString(key));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		int status;
		String contentType = "application/json";
		String answer;
		if (this.failing) {
			status = 500;
			contentType = "application/problem+json";
			answer = "{\"type\":\"about:blank\",\"title\":\"INTERNAL_SERVER_ERROR\",\"status\":500,"
					+ "\"detail\":\"Secondary storage is not reachable\",\"instance\":\"" + path + "\"}";
		}
		else {
			Reply reply = answer(exchange.getRequestMethod(), path, body);
			status = reply.status();
			answer = reply.body();
			if (reply.xml()) {
				contentType = "text/xml";
			}
		}
		this.requests.add(new Request(exchange.getRequestMethod(), path, body, status));
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private Reply answer(String method, String path, String body) throws IOException {
		if (method.equals("POST") && path.endsWith("/search")) {
			JsonNode filter = JSON.readTree(body).path("filter");
			return switch (path) {
				case "/v2/process-instances/search" -> {
					Set<String> keys = keys(filter.path("processInstanceKey"));
					Set<String> parents = keys(filter.path("parentProcessInstanceKey"));
					yield page(this.instances.values(),
							(item) -> (keys.isEmpty() && parents.isEmpty())
									|| keys.contains(item.path("processInstanceKey").asText())
									|| parents.contains(item.path("parentProcessInstanceKey").asText()));
				}
				case "/v2/jobs/search" -> {
					Set<String> keys = keys(filter.path("processInstanceKey"));
					yield page(this.jobs.values(), (item) -> keys.contains(item.path("processInstanceKey").asText()));
				}
				case "/v2/element-instances/search" -> page(this.elements.values(),
						(item) -> item.path("processInstanceKey")
							.asText()
							.equals(filter.path("processInstanceKey").asText()));
				case "/v2/incidents/search" -> page(this.incidents.values(),
						(item) -> item.path("processInstanceKey")
							.asText()
							.equals(filter.path("processInstanceKey").asText()));
				default -> notFound(path);
			};
		}
		if (method.equals("GET") && path.startsWith("/v2/process-definitions/")) {
			String rest = path.substring("/v2/process-definitions/".length());
			if (rest.endsWith("/xml")) {
				String found = this.xml.get(rest.substring(0, rest.length() - "/xml".length()));
				return (found != null) ? new Reply(200, found, true) : notFound(path);
			}
			ObjectNode found = this.definitions.get(rest);
			return (found != null) ? new Reply(200, found.toString(), false) : notFound(path);
		}
		return notFound(path);
	}

	/** The keys of an {@code {"$in": [...]}} or {@code {"$eq": ...}} or plain filter. */
	private static Set<String> keys(JsonNode property) {
		Set<String> keys = new HashSet<>();
		if (property.isValueNode()) {
			keys.add(property.asText());
		}
		property.path("$in").forEach((key) -> keys.add(key.asText()));
		if (property.has("$eq")) {
			keys.add(property.path("$eq").asText());
		}
		return keys;
	}

	private static Reply page(Iterable<ObjectNode> items, Predicate<ObjectNode> matches) {
		ObjectNode result = JSON.createObjectNode();
		ArrayNode array = result.putArray("items");
		List<ObjectNode> found = new ArrayList<>();
		items.forEach((item) -> {
			if (matches.test(item)) {
				found.add(item);
			}
		});
		found.forEach(array::add);
		ObjectNode page = result.putObject("page");
		page.put("totalItems", found.size());
		page.put("hasMoreTotalItems", false);
		if (!found.isEmpty()) {
			page.put("startCursor", "WzFd");
			page.put("endCursor", "WzJd");
		}
		return new Reply(200, result.toString(), false);
	}

	private static Reply notFound(String path) {
		return new Reply(404, "{\"type\":\"about:blank\",\"title\":\"NOT_FOUND\",\"status\":404,"
				+ "\"detail\":\"Not found\",\"instance\":\"" + path + "\"}", false);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Request(String method, String path, String body, int status) {
	}

	private record Reply(int status, String body, boolean xml) {
	}

}

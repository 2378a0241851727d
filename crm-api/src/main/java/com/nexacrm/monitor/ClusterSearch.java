package com.nexacrm.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.request.FinalSearchRequestStep;
import io.camunda.client.api.search.request.SearchRequestPage;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Job;
import io.camunda.client.api.search.response.ProcessDefinition;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;

/**
 * Reads a Camunda 8.8 cluster's Orchestration Cluster REST API (v2) for the remote
 * projection: searches by process instance key, every page. Only items of the keys asked
 * for are returned, whatever the server answers: the caller writes them into the
 * organisation that owns those keys.
 */
class ClusterSearch {

	/** Keys per {@code $in} filter, and items per page. */
	static final int CHUNK = 100;

	/** A guard against a server whose cursor never ends. */
	private static final int MAX_PAGES = 1_000;

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final CamundaClient client;

	ClusterSearch(CamundaClient client) {
		this.client = client;
	}

	/** The instances with these keys that the cluster's secondary storage knows. */
	Map<Long, ProcessInstance> instances(Collection<Long> keys) {
		Map<Long, ProcessInstance> found = new LinkedHashMap<>();
		for (List<Long> chunk : chunks(keys)) {
			all((after) -> this.client.newProcessInstanceSearchRequest()
				.filter((filter) -> filter.processInstanceKey((key) -> key.in(chunk)))
				.page((page) -> page(page, after))).stream()
				.filter((instance) -> chunk.contains(instance.getProcessInstanceKey()))
				.forEach((instance) -> found.put(instance.getProcessInstanceKey(), instance));
		}
		return found;
	}

	/** Instances called by these instances (call activities), in any state. */
	Map<Long, ProcessInstance> children(Collection<Long> parents) {
		Map<Long, ProcessInstance> found = new LinkedHashMap<>();
		for (List<Long> chunk : chunks(parents)) {
			all((after) -> this.client.newProcessInstanceSearchRequest()
				.filter((filter) -> filter.parentProcessInstanceKey((key) -> key.in(chunk)))
				.page((page) -> page(page, after))).stream()
				.filter((child) -> chunk.contains(child.getParentProcessInstanceKey()))
				.forEach((child) -> found.put(child.getProcessInstanceKey(), child));
		}
		return found;
	}

	/** Every job of these instances. */
	List<Job> jobs(Collection<Long> instanceKeys) {
		List<Job> found = new ArrayList<>();
		for (List<Long> chunk : chunks(instanceKeys)) {
			all((after) -> this.client.newJobSearchRequest()
				.filter((filter) -> filter.processInstanceKey((key) -> key.in(chunk)))
				.page((page) -> page(page, after))).stream()
				.filter((job) -> chunk.contains(job.getProcessInstanceKey()))
				.forEach(found::add);
		}
		return found;
	}

	/**
	 * Every element instance of one instance: 8.8's element instance filter takes one
	 * process instance key, no {@code $in}.
	 */
	List<ElementInstance> elements(long instanceKey) {
		return all((after) -> this.client.newElementInstanceSearchRequest()
			.filter((filter) -> filter.processInstanceKey(instanceKey))
			.page((page) -> page(page, after))).stream()
			.filter((element) -> Objects.equals(element.getProcessInstanceKey(), instanceKey))
			.toList();
	}

	/**
	 * Every incident of one instance, open or resolved (one key per filter, as above).
	 */
	List<Incident> incidents(long instanceKey) {
		return all((after) -> this.client.newIncidentSearchRequest()
			.filter((filter) -> filter.processInstanceKey(instanceKey))
			.page((page) -> page(page, after))).stream()
			.filter((incident) -> Objects.equals(incident.getProcessInstanceKey(), instanceKey))
			.toList();
	}

	Definition definition(long definitionKey) {
		ProcessDefinition definition = this.client.newProcessDefinitionGetRequest(definitionKey)
			.requestTimeout(TIMEOUT)
			.send()
			.join();
		String xml = this.client.newProcessDefinitionGetXmlRequest(definitionKey).requestTimeout(TIMEOUT).send().join();
		return new Definition(definitionKey, definition.getProcessDefinitionId(), definition.getVersion(),
				definition.getResourceName(), xml);
	}

	private static SearchRequestPage page(SearchRequestPage page, String after) {
		page.limit(CHUNK);
		return (after != null) ? page.after(after) : page;
	}

	private static <T> List<T> all(Function<String, FinalSearchRequestStep<T>> request) {
		List<T> all = new ArrayList<>();
		String after = null;
		for (int pages = 0; pages < MAX_PAGES; pages++) {
			SearchResponse<T> response = request.apply(after).requestTimeout(TIMEOUT).send().join();
			all.addAll(response.items());
			String next = (response.page() != null) ? response.page().endCursor() : null;
			if (response.items().size() < CHUNK || next == null || next.equals(after)) {
				return all;
			}
			after = next;
		}
		throw new IllegalStateException("The cluster's search answered more than " + MAX_PAGES + " pages");
	}

	private static List<List<Long>> chunks(Collection<Long> keys) {
		List<Long> list = List.copyOf(Set.copyOf(keys));
		List<List<Long>> chunks = new ArrayList<>();
		for (int from = 0; from < list.size(); from += CHUNK) {
			chunks.add(list.subList(from, Math.min(list.size(), from + CHUNK)));
		}
		return chunks;
	}

	/** A process definition and its BPMN XML. */
	record Definition(long key, String bpmnProcessId, int version, String resourceName, String xml) {
	}

}

package com.nexacrm.automation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.Process;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The shipped models (the ones the app deploys at start), by process id: the processes an
 * organisation may design its own version of, and what it starts from.
 */
@Component
class ShippedModels {

	private static final String LOCATION = "classpath*:bpmn/*.bpmn";

	private final Map<String, Shipped> byId = new LinkedHashMap<>();

	ShippedModels() {
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
				byte[] xml = resource.getContentAsByteArray();
				Process process = Bpmn.readModelFromStream(new ByteArrayInputStream(xml))
					.getModelElementsByType(Process.class)
					.iterator()
					.next();
				this.byId.put(process.getId(), new Shipped(process.getId(), process.getName(), xml));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Optional<Shipped> find(String processId) {
		return Optional.ofNullable(this.byId.get(processId));
	}

	Iterable<Shipped> all() {
		return this.byId.values();
	}

	record Shipped(String processId, String name, byte[] xml) {
	}

}

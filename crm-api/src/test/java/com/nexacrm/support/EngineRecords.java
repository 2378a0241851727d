package com.nexacrm.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;

/**
 * A copy of the embedded engine's record list. The app's record reader appends to that
 * list from its own thread, so iterating it in place can fail half-way with a
 * {@code ConcurrentModificationException}; a slot not yet visible to the copying thread
 * copies as null and is left out.
 */
public final class EngineRecords {

	private EngineRecords() {
	}

	@SuppressWarnings("unchecked")
	public static RecordStreamSource copyOf(ZeebeTestEngine engine) {
		List<Record<?>> copy = new ArrayList<>((Collection<Record<?>>) engine.getRecordStreamSource().getRecords());
		copy.removeIf(Objects::isNull);
		return () -> copy;
	}

}

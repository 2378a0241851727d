package com.nexacrm.support;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/** Every application event published while the tests run, from any thread. */
@TestComponent
public class RecordedEvents {

	private final Queue<Object> events = new ConcurrentLinkedQueue<>();

	@EventListener
	void on(Object event) {
		if (event.getClass().getName().startsWith("com.nexacrm.")) {
			this.events.add(event);
		}
	}

	public <T> List<T> of(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}

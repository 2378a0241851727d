package com.nexacrm.platform.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The processes this app starts instances of, by process id and by definition key, noted
 * before each start. Only an instance of one of them can ever be bound to an
 * organisation, so the record stream's consumers need not hold on to records of any other
 * (a copy of a model deployed and started around the app, with zbctl or a benchmark's raw
 * engine, say) while they wait for a binding that will never come.
 */
@Component
public class StartedProcesses {

	private final Set<String> processIds = ConcurrentHashMap.newKeySet();

	private final Set<Long> definitionKeys = ConcurrentHashMap.newKeySet();

	/** Notes a start of the latest version of a process, before the engine is asked. */
	public void starting(String bpmnProcessId) {
		this.processIds.add(bpmnProcessId);
	}

	/** Notes a start of one process definition, before the engine is asked. */
	public void starting(long processDefinitionKey) {
		this.definitionKeys.add(processDefinitionKey);
	}

	/** Whether the app has started (or is starting) instances of this definition. */
	public boolean startedByTheApp(String bpmnProcessId, long processDefinitionKey) {
		return this.processIds.contains(bpmnProcessId) || this.definitionKeys.contains(processDefinitionKey);
	}

}

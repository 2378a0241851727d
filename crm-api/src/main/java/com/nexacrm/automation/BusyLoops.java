package com.nexacrm.automation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.LinkEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;

/**
 * Finds loops that never wait: a cycle of sequence flows (or link events) through only
 * gateways, FEEL script tasks, pass-through tasks and throw events would have the engine
 * run it as fast as it can, forever, slowing every organisation's processes. A loop must
 * pass a job (service, user, job-worker script task), a receive task or a catch event.
 */
final class BusyLoops {

	private BusyLoops() {
	}

	/** The first element of each loop that never waits. */
	static List<String> find(BpmnModelInstance model) {
		Map<String, FlowNode> idle = new LinkedHashMap<>();
		for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
			if (!waits(node)) {
				idle.put(node.getId(), node);
			}
		}
		Map<String, List<String>> next = new HashMap<>();
		for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
			if (flow.getSource() != null && flow.getTarget() != null) {
				next.computeIfAbsent(flow.getSource().getId(), (id) -> new ArrayList<>()).add(flow.getTarget().getId());
			}
		}
		linkJumps(model, next);
		List<String> loops = new ArrayList<>();
		Set<String> done = new HashSet<>();
		for (String start : idle.keySet()) {
			if (!done.contains(start)) {
				findFrom(start, idle.keySet(), next, new HashSet<>(), done, loops);
			}
		}
		return loops;
	}

	private static void findFrom(String node, Set<String> idle, Map<String, List<String>> next, Set<String> path,
			Set<String> done, List<String> loops) {
		path.add(node);
		for (String target : next.getOrDefault(node, List.of())) {
			if (!idle.contains(target) || done.contains(target)) {
				continue;
			}
			if (path.contains(target)) {
				if (!loops.contains(target)) {
					loops.add(target);
				}
			}
			else {
				findFrom(target, idle, next, path, done, loops);
			}
		}
		path.remove(node);
		done.add(node);
	}

	/** A throw link event continues at the catch link event of the same name. */
	private static void linkJumps(BpmnModelInstance model, Map<String, List<String>> next) {
		Map<String, List<String>> catches = new HashMap<>();
		for (IntermediateCatchEvent event : model.getModelElementsByType(IntermediateCatchEvent.class)) {
			for (var definition : event.getEventDefinitions()) {
				if (definition instanceof LinkEventDefinition link) {
					catches.computeIfAbsent(link.getName(), (name) -> new ArrayList<>()).add(event.getId());
				}
			}
		}
		for (IntermediateThrowEvent event : model.getModelElementsByType(IntermediateThrowEvent.class)) {
			for (var definition : event.getEventDefinitions()) {
				if (definition instanceof LinkEventDefinition link) {
					next.computeIfAbsent(event.getId(), (id) -> new ArrayList<>())
						.addAll(catches.getOrDefault(link.getName(), List.of()));
				}
			}
		}
	}

	private static boolean waits(FlowNode node) {
		if (node instanceof ServiceTask || node instanceof SendTask || node instanceof UserTask
				|| node instanceof ReceiveTask || node instanceof EventBasedGateway || node instanceof CallActivity) {
			return true;
		}
		if (node instanceof ScriptTask || node instanceof BusinessRuleTask || node instanceof IntermediateThrowEvent) {
			return node.getSingleExtensionElement(ZeebeTaskDefinition.class) != null;
		}
		if (node instanceof IntermediateCatchEvent event) {
			return event.getEventDefinitions().stream().noneMatch(LinkEventDefinition.class::isInstance);
		}
		if (node instanceof SubProcess subProcess) {
			return anyWaits(subProcess.getFlowElements());
		}
		return false;
	}

	private static boolean anyWaits(Collection<FlowElement> elements) {
		for (FlowElement element : elements) {
			if (element instanceof FlowNode node && waits(node)) {
				return true;
			}
		}
		return false;
	}

}

package com.nexacrm.automation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimeCycle;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import com.nexacrm.workers.runtime.JobTypes;
import com.nexacrm.workers.runtime.TimerCycles;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Decides whether an organisation's BPMN may be deployed. In order: the size; a secure
 * XML parse that refuses any DOCTYPE (so no entity, external or nested, is ever expanded:
 * XXE and billion laughs stop here, before any other parser sees the bytes); the Zeebe
 * model API's parse and design-time validation; then the rules that keep a model inside
 * the process contract and its organisation: one process with the shipped id, only known
 * job types, no listeners, no call activities, no signal events, no start event that the
 * engine could trigger by itself, literal timer cycles of a minute or more.
 */
@Component
class ModelValidator {

	/** Problems beyond this many are not listed (the model is refused either way). */
	static final int MAX_PROBLEMS = 100;

	/**
	 * Flow nodes (tasks, events, gateways) a model may have; the shipped ones have 20 to
	 * 40.
	 */
	static final int MAX_FLOW_NODES = 2000;

	private final long maxBytes;

	ModelValidator(@Value("${nexacrm.automation.max-model-size:512KB}") DataSize maxSize) {
		this.maxBytes = maxSize.toBytes();
	}

	long maxBytes() {
		return this.maxBytes;
	}

	/** Checks the model; on success the result carries the parsed model. */
	Result validate(byte[] xml, String processId) {
		if (xml.length > this.maxBytes) {
			return Result.refused(ModelProblem.ofFile("too-large",
					"The model has " + xml.length + " bytes; at most " + this.maxBytes + " are accepted"));
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(xml));
		}
		catch (CharacterCodingException ex) {
			return Result.refused(ModelProblem.ofFile("encoding", "The model must be encoded in UTF-8"));
		}
		Optional<ModelProblem> unsafe = checkWellFormedWithoutDoctype(xml);
		if (unsafe.isPresent()) {
			return Result.refused(unsafe.get());
		}
		BpmnModelInstance model;
		try {
			model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
		}
		catch (RuntimeException ex) {
			return Result.refused(ModelProblem.ofFile("not-bpmn", "Not a BPMN 2.0 model: " + brief(ex)));
		}
		Set<ModelProblem> problems = new LinkedHashSet<>();
		checkProcess(model, processId, problems);
		checkWithModelApi(model, problems);
		checkJobTypes(model, problems);
		checkTenantBinding(model, problems);
		checkTimerCycles(model, problems);
		int nodes = model.getModelElementsByType(FlowNode.class).size();
		if (nodes > MAX_FLOW_NODES) {
			problems.add(ModelProblem.ofFile("too-many-elements",
					"The model has " + nodes + " flow elements; at most " + MAX_FLOW_NODES + " are accepted"));
			return new Result(problems.stream().limit(MAX_PROBLEMS).toList(), null);
		}
		for (String loop : BusyLoops.find(model)) {
			problems.add(new ModelProblem(loop, "loop-without-wait-state",
					"This loop never waits (no job, receive task or catch event in it): the engine would run it without end"));
		}
		List<ModelProblem> listed = problems.stream().limit(MAX_PROBLEMS).toList();
		return listed.isEmpty() ? new Result(List.of(), model) : new Result(listed, null);
	}

	private static Optional<ModelProblem> checkWellFormedWithoutDoctype(byte[] xml) {
		try {
			DocumentBuilder builder = secureFactory().newDocumentBuilder();
			// silence the default handler, which prints to stderr
			builder.setErrorHandler(new DefaultHandler() {
				@Override
				public void fatalError(SAXParseException ex) throws SAXException {
					throw ex;
				}
			});
			builder.setEntityResolver((publicId, systemId) -> {
				throw new SAXException("External entities are not allowed");
			});
			builder.parse(new ByteArrayInputStream(xml));
			return Optional.empty();
		}
		catch (SAXParseException ex) {
			if (String.valueOf(ex.getMessage()).contains("DOCTYPE")) {
				return Optional.of(ModelProblem.ofFile("doctype-not-allowed",
						"A DOCTYPE declaration is not allowed (no DTDs or entities)"));
			}
			return Optional.of(ModelProblem.ofFile("not-well-formed", "Not well-formed XML at line "
					+ ex.getLineNumber() + ", column " + ex.getColumnNumber() + ": " + brief(ex)));
		}
		catch (SAXException | IOException ex) {
			return Optional.of(ModelProblem.ofFile("not-well-formed", "Not well-formed XML: " + brief(ex)));
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("The XML parser cannot be made safe", ex);
		}
	}

	static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
		// the JDK's own parser, whatever else is on the class path
		DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
		factory.setNamespaceAware(true);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
		factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
		factory.setXIncludeAware(false);
		factory.setExpandEntityReferences(false);
		return factory;
	}

	private static void checkProcess(BpmnModelInstance model, String processId, Set<ModelProblem> problems) {
		Collection<Process> processes = model.getModelElementsByType(Process.class);
		if (processes.size() != 1) {
			problems.add(ModelProblem.ofFile("one-process", "The model must contain exactly one process, with id '"
					+ processId + "'; it has " + processes.size()));
			return;
		}
		Process process = processes.iterator().next();
		if (!processId.equals(process.getId())) {
			problems.add(new ModelProblem(process.getId(), "process-id",
					"The process id must stay '" + processId + "' (the process this version is for)"));
		}
		if (!process.isExecutable()) {
			problems.add(new ModelProblem(process.getId(), "not-executable", "The process must be executable"));
		}
	}

	private static void checkWithModelApi(BpmnModelInstance model, Set<ModelProblem> problems) {
		// what Bpmn.validateModel checks, as a list with the elements instead of one
		// exception
		var results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
		results.getResults().forEach((element, list) -> {
			for (ValidationResult result : list) {
				if (result.getType() == ValidationResultType.ERROR) {
					problems.add(new ModelProblem(idOf(element), "invalid", result.getMessage()));
				}
			}
		});
	}

	private static void checkJobTypes(BpmnModelInstance model, Set<ModelProblem> problems) {
		for (ZeebeTaskDefinition definition : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
			String type = definition.getType();
			String element = idOf(definition);
			if (type == null || type.isBlank()) {
				continue; // the model API reports a missing type
			}
			if (type.strip().startsWith("=")) {
				problems.add(new ModelProblem(element, "job-type-expression",
						"The job type must be one of the known types, not an expression"));
			}
			else if (!JobTypes.isServiceTask(type)) {
				problems.add(new ModelProblem(element, "unknown-job-type",
						"No worker knows job type '" + abbreviate(type) + "'; known types: "
								+ String.join(", ", JobTypes.SERVICE_TASKS.stream().sorted().toList())));
			}
		}
		for (ZeebeExecutionListener listener : model.getModelElementsByType(ZeebeExecutionListener.class)) {
			problems.add(new ModelProblem(idOf(listener), "listener-not-allowed",
					"Execution listeners are not supported: no worker serves them"));
		}
		for (ZeebeTaskListener listener : model.getModelElementsByType(ZeebeTaskListener.class)) {
			problems.add(new ModelProblem(idOf(listener), "listener-not-allowed",
					"Task listeners are not supported: no worker serves them"));
		}
		for (UserTask task : model.getModelElementsByType(UserTask.class)) {
			if (task.getSingleExtensionElement(ZeebeUserTask.class) != null) {
				problems.add(new ModelProblem(task.getId(), "camunda-user-task",
						"User tasks must be job-worker user tasks (the task inbox holds them), not Camunda user tasks"));
			}
		}
	}

	private static void checkTenantBinding(BpmnModelInstance model, Set<ModelProblem> problems) {
		for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
			problems.add(new ModelProblem(call.getId(), "call-activity",
					"Call activities are not allowed: the called instance would not be bound to your organisation"));
		}
		for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
			if (start.getParentElement() instanceof Process && !start.getEventDefinitions().isEmpty()) {
				problems.add(new ModelProblem(start.getId(), "triggered-start-event",
						"The process must have a plain start event: the app starts every instance, for your organisation"));
			}
		}
		for (SignalEventDefinition signal : model.getModelElementsByType(SignalEventDefinition.class)) {
			problems.add(new ModelProblem(idOf(signal), "signal-event",
					"Signal events are not allowed: signals are broadcast across every organisation's processes"));
		}
		for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
			if (task.getSingleExtensionElement(ZeebeCalledDecision.class) != null) {
				problems.add(new ModelProblem(task.getId(), "called-decision",
						"Business rule tasks that call a decision are not supported"));
			}
		}
	}

	private static void checkTimerCycles(BpmnModelInstance model, Set<ModelProblem> problems) {
		for (TimeCycle cycle : model.getModelElementsByType(TimeCycle.class)) {
			String text = String.valueOf(cycle.getTextContent()).strip();
			String element = idOf(cycle);
			Optional<Duration> interval = TimerCycles.intervalOf(text);
			if (interval.isEmpty()) {
				problems.add(new ModelProblem(element, "timer-cycle-not-literal",
						"A timer cycle must be a literal repeating interval such as R3/P1D (not an expression or cron), so it can be checked"));
			}
			else if (interval.get().compareTo(TimerCycles.MINIMUM) < 0) {
				problems.add(new ModelProblem(element, "timer-cycle-too-short",
						"A timer cycle must repeat at most once a minute; '" + abbreviate(text) + "' repeats every "
								+ interval.get()));
			}
		}
	}

	/**
	 * The id of the element a diagram shows (a flow element or the process) that holds
	 * this one; else of the nearest enclosing element that has an id.
	 */
	static String idOf(ModelElementInstance element) {
		String nearest = null;
		for (ModelElementInstance current = element; current != null; current = current.getParentElement()) {
			if (current instanceof BaseElement base && base.getId() != null) {
				if (current instanceof FlowElement || current instanceof Process) {
					return base.getId();
				}
				nearest = (nearest != null) ? nearest : base.getId();
			}
		}
		return nearest;
	}

	private static String brief(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return abbreviate(String.valueOf(root.getMessage()));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/**
	 * The outcome: no problems and the parsed model, or the problems.
	 */
	record Result(List<ModelProblem> problems, BpmnModelInstance model) {

		static Result refused(ModelProblem problem) {
			return new Result(List.of(problem), null);
		}

		boolean valid() {
			return this.problems.isEmpty();
		}

	}

}

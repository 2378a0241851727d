package com.nexacrm.bpmn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.TimeCycle;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import com.nexacrm.workers.runtime.JobTypes;
import com.nexacrm.workers.runtime.TimerCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks over every shipped model: what a modeler needs to render and read it, and
 * what the workers and the tenant-BPMN validation rely on.
 */
class ProcessModelsTest {

	private static final Path MODELS = Path.of("src/main/resources/bpmn");

	/**
	 * The job types the workers implement; docs/processes.md documents each. The same
	 * list is what the tenant-BPMN validation accepts.
	 */
	static final Set<String> JOB_TYPES = JobTypes.SERVICE_TASKS;

	private static final Pattern READABLE_ID = Pattern.compile("[a-z]+(_[a-z0-9]+)+");

	private static final Pattern KEBAB_CASE = Pattern.compile("[a-z]+(-[a-z0-9]+)*");

	static Stream<Path> models() throws IOException {
		try (Stream<Path> files = Files.walk(MODELS)) {
			return files.filter((file) -> file.toString().endsWith(".bpmn")).sorted().toList().stream();
		}
	}

	@Test
	void theShippedProcessesAreAllThere() throws IOException {
		assertThat(models().map((file) -> file.getFileName().toString())).contains("lead-to-close.bpmn", "trial.bpmn",
				"onboarding.bpmn");
	}

	@ParameterizedTest
	@MethodSource("models")
	void isExecutableOnCamunda88AndDocumented(Path file) throws IOException {
		BpmnModelInstance model = read(file);
		assertThat(model.getDefinitions()
			.getAttributeValueNs("http://camunda.org/schema/modeler/1.0", "executionPlatform"))
			.isEqualTo("Camunda Cloud");
		assertThat(model.getDefinitions()
			.getAttributeValueNs("http://camunda.org/schema/modeler/1.0", "executionPlatformVersion"))
			.isEqualTo("8.8.0");
		assertThat(model.getModelElementsByType(Process.class)).singleElement().satisfies((process) -> {
			assertThat(process.isExecutable()).isTrue();
			assertThat(process.getDocumentations()).as("documentation of %s", process.getId())
				.anySatisfy((doc) -> assertThat(doc.getTextContent()).isNotBlank());
		});
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyFlowNodeHasANameAndAReadableId(Path file) throws IOException {
		for (FlowNode node : read(file).getModelElementsByType(FlowNode.class)) {
			assertThat(node.getName()).as("name of %s in %s", node.getId(), file).isNotBlank();
			assertThat(node.getId()).as("id in %s", file).matches(READABLE_ID);
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyElementIsOnTheDiagram(Path file) throws IOException {
		BpmnModelInstance model = read(file);
		Set<String> shapes = model.getModelElementsByType(BpmnShape.class)
			.stream()
			.map((shape) -> shape.getBpmnElement().getId())
			.collect(Collectors.toSet());
		Set<String> edges = model.getModelElementsByType(BpmnEdge.class)
			.stream()
			.map((edge) -> edge.getBpmnElement().getId())
			.collect(Collectors.toSet());
		assertThat(ids(model.getModelElementsByType(FlowNode.class))).as("flow nodes with a shape in %s", file)
			.allSatisfy((id) -> assertThat(shapes).contains(id));
		assertThat(ids(model.getModelElementsByType(SequenceFlow.class))).as("flows with an edge in %s", file)
			.allSatisfy((id) -> assertThat(edges).contains(id));
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyServiceTaskHasAKnownJobType(Path file) throws IOException {
		for (ServiceTask task : read(file).getModelElementsByType(ServiceTask.class)) {
			ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
			assertThat(definition).as("job type of %s in %s", task.getId(), file).isNotNull();
			assertThat(definition.getType()).as("job type of %s in %s", task.getId(), file)
				.matches(KEBAB_CASE)
				.isIn(JOB_TYPES);
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyUserTaskIsAJobWorkerTaskWithAForm(Path file) throws IOException {
		for (UserTask task : read(file).getModelElementsByType(UserTask.class)) {
			assertThat(task.getSingleExtensionElement(ZeebeUserTask.class))
				.as("%s in %s is a job-worker user task (ADR 0003)", task.getId(), file)
				.isNull();
			ZeebeTaskHeaders headers = task.getSingleExtensionElement(ZeebeTaskHeaders.class);
			assertThat(headers).as("task headers of %s in %s", task.getId(), file).isNotNull();
			assertThat(headers.getHeaders()).as("formKey of %s in %s", task.getId(), file)
				.extracting(ZeebeHeader::getKey)
				.contains("formKey");
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyMessageHasANameAndACorrelationKey(Path file) throws IOException {
		for (Message message : read(file).getModelElementsByType(Message.class)) {
			assertThat(message.getName()).as("name of %s in %s", message.getId(), file).matches(KEBAB_CASE);
			assertThat(message.getExtensionElements()).as("subscription of %s in %s", message.getId(), file)
				.isNotNull();
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void noTimerCycleIsShorterThanAMinute(Path file) throws IOException {
		for (TimeCycle cycle : read(file).getModelElementsByType(TimeCycle.class)) {
			String text = cycle.getTextContent().strip();
			// an expression cannot be checked before it runs: shipped models use literal
			// cycles
			assertThat(TimerCycles.intervalOf(text))
				.as("timer cycle %s in %s is a literal repeating interval", text, file)
				.hasValueSatisfying((interval) -> assertThat(interval).as("interval of %s in %s", text, file)
					.isGreaterThanOrEqualTo(TimerCycles.MINIMUM));
		}
	}

	@Test
	void everyJobTypeIsDocumented() throws IOException {
		String contract = Files.readString(Path.of("../docs/processes.md"));
		assertThat(JOB_TYPES).allSatisfy((type) -> assertThat(contract).contains("`" + type + "`"));
	}

	@Test
	void theCycleCheckCatchesShortCycles() {
		assertThat(TimerCycles.durationOf("PT30S")).isLessThan(Duration.ofMinutes(1));
		assertThat(TimerCycles.durationOf("P1D")).isEqualTo(Duration.ofDays(1));
		assertThat(TimerCycles.durationOf("P1M")).isGreaterThan(Duration.ofDays(27));
		assertThat(TimerCycles.intervalOf("R/PT10S")).contains(Duration.ofSeconds(10));
		assertThat(TimerCycles.intervalOf("R5/2025-01-01T09:00:00Z/P1D")).contains(Duration.ofDays(1));
		assertThat(TimerCycles.intervalOf("0 0 9 * * MON")).isEmpty();
		assertThat(TimerCycles.intervalOf("=cycle(duration(\"PT1S\"))")).isEmpty();
	}

	private static BpmnModelInstance read(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			BpmnModelInstance model = Bpmn.readModelFromStream(in);
			Bpmn.validateModel(model);
			return model;
		}
	}

	private static List<String> ids(java.util.Collection<? extends BaseElement> elements) {
		return elements.stream().map(BaseElement::getId).toList();
	}

}

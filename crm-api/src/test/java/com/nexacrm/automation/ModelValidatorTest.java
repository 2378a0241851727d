package com.nexacrm.automation;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The validation on its own: the shipped models pass it, and what it refuses. */
class ModelValidatorTest {

	private final ModelValidator validator = new ModelValidator(DataSize.ofKilobytes(512));

	@Test
	void everyShippedModelIsValidAsATenantsVersion() {
		ShippedModels shipped = new ShippedModels();
		assertThat(shipped.all()).extracting(ShippedModels.Shipped::processId)
			.contains("lead-to-close", "trial", "onboarding");
		for (ShippedModels.Shipped model : shipped.all()) {
			assertThat(this.validator.validate(model.xml(), model.processId()).problems()).as(model.processId())
				.isEmpty();
		}
	}

	@Test
	void aLoopThroughLinkEventsThatNeverWaitsIsFound() {
		String xml = MaliciousProcessModelIntegrationTest.model("onboarding", "",
				"<bpmn:intermediateThrowEvent id=\"throw_again\" name=\"Again\"><bpmn:linkEventDefinition name=\"again\"/></bpmn:intermediateThrowEvent>")
			.replace("<bpmn:endEvent id=\"end\"/>",
					"<bpmn:endEvent id=\"end\"/><bpmn:intermediateCatchEvent id=\"catch_again\" name=\"Again\">"
							+ "<bpmn:linkEventDefinition name=\"again\"/></bpmn:intermediateCatchEvent>"
							+ "<bpmn:sequenceFlow id=\"flow_loop\" sourceRef=\"catch_again\" targetRef=\"throw_again\"/>");

		assertThat(this.validator.validate(xml.getBytes(StandardCharsets.UTF_8), "onboarding").problems())
			.extracting(ModelProblem::code)
			.contains("loop-without-wait-state");
	}

	@Test
	void aLoopThroughAServiceTaskWaits() {
		String xml = MaliciousProcessModelIntegrationTest
			.model("onboarding", "", MaliciousProcessModelIntegrationTest.task("task_send", "send-email"))
			.replace("</bpmn:process>",
					"<bpmn:sequenceFlow id=\"flow_loop\" sourceRef=\"task_send\" targetRef=\"task_send\"/></bpmn:process>");

		assertThat(this.validator.validate(xml.getBytes(StandardCharsets.UTF_8), "onboarding").problems())
			.extracting(ModelProblem::code)
			.doesNotContain("loop-without-wait-state");
	}

	@Test
	void aModelThatIsNotUtf8IsRefused() {
		byte[] latin1 = MaliciousProcessModelIntegrationTest.model("onboarding", "name=\"Café\"", "")
			.getBytes(StandardCharsets.ISO_8859_1);

		assertThat(this.validator.validate(latin1, "onboarding").problems()).extracting(ModelProblem::code)
			.containsExactly("encoding");
	}

}

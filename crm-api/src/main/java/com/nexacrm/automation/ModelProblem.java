package com.nexacrm.automation;

/**
 * One reason a process model is refused, with the element it concerns so a designer can
 * mark it on the diagram.
 *
 * @param elementId the BPMN element id, or null when the problem is about the whole file
 * @param code a stable code, for example {@code unknown-job-type}
 * @param message what is wrong, for a person
 */
record ModelProblem(String elementId, String code, String message) {

	static ModelProblem ofFile(String code, String message) {
		return new ModelProblem(null, code, message);
	}

}

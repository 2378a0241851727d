package com.nexacrm.workers.runtime;

/**
 * A business outcome that the process models as a BPMN error event; the job is completed
 * with that error instead of being retried.
 */
public class BusinessOutcome extends Exception {

	private final String errorCode;

	public BusinessOutcome(String errorCode, String message) {
		super(message);
		this.errorCode = errorCode;
	}

	public String errorCode() {
		return this.errorCode;
	}

}

package com.nexacrm.platform.web;

import java.util.Map;

/**
 * A failure with a place in the API contract: rendered as
 * {@code application/problem+json} with the type's status. Subclasses name the failure.
 */
public class ApiProblem extends RuntimeException {

	private final ProblemType type;

	private final Map<String, Object> properties;

	public ApiProblem(ProblemType type, String detail) {
		this(type, detail, Map.of());
	}

	public ApiProblem(ProblemType type, String detail, Map<String, Object> properties) {
		super(detail);
		this.type = type;
		this.properties = properties;
	}

	public ProblemType type() {
		return this.type;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

	/**
	 * A record that does not exist in the caller's organisation (or at all: never tell
	 * which).
	 */
	public static ApiProblem notFound(String what) {
		return new ApiProblem(ProblemType.NOT_FOUND, what + " not found");
	}

}

package com.nexacrm.platform.web;

import java.net.URI;

import org.slf4j.MDC;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds problem bodies that carry the request id, so a user's report can be found in the
 * logs.
 */
public final class Problems {

	private Problems() {
	}

	public static ProblemDetail of(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return withRequestId(problem);
	}

	static ProblemDetail of(HttpStatusCode status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("about:blank"));
		return withRequestId(problem);
	}

	private static ProblemDetail withRequestId(ProblemDetail problem) {
		String requestId = MDC.get(RequestIdFilter.MDC_KEY);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

}

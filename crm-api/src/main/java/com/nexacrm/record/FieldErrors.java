package com.nexacrm.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;

/** Validation errors by field, reported together as one 400 problem. */
public class FieldErrors {

	private final List<Map<String, String>> errors = new ArrayList<>();

	public FieldErrors add(String field, String message) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		this.errors.add(error);
		return this;
	}

	public boolean isEmpty() {
		return this.errors.isEmpty();
	}

	public List<Map<String, String>> list() {
		return List.copyOf(this.errors);
	}

	/** One line for a CSV error report. */
	public String summary() {
		return String.join("; ", this.errors.stream().map((e) -> e.get("field") + " " + e.get("message")).toList());
	}

	public void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw new ApiProblem(ProblemType.VALIDATION, "Some fields are invalid: " + summary(),
					Map.of("errors", list()));
		}
	}

}

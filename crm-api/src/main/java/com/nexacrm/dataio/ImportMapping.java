package com.nexacrm.dataio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.Field;
import com.nexacrm.record.FieldErrors;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.RecordType;

/**
 * Which CSV column fills which field. Targets are writable fields of the record type
 * (custom ones as {@code custom.<key>}); deals also take {@code pipelineId},
 * {@code stageId} and {@code stage} (a stage's name), which place the deal on the board.
 * Column names never reach SQL: only the fields' own columns do.
 *
 * @param columns header name to field name, in header order
 */
record ImportMapping(Map<String, String> columns) {

	static final String PIPELINE_ID = "pipelineId";

	static final String STAGE_ID = "stageId";

	static final String STAGE = "stage";

	private static final Set<String> DEAL_PLACEMENT = Set.of(PIPELINE_ID, STAGE_ID, STAGE);

	/**
	 * The mapping for a file: the one given (header to field), or else each header that
	 * names a writable field (by API name or label, ignoring case) maps to it.
	 * @throws ApiProblem 400 listing every unknown column, unknown or read-only target
	 * and every required field left unmapped
	 */
	static ImportMapping resolve(RecordSchemas.Schema schema, List<String> header, Map<String, String> given) {
		FieldErrors errors = new FieldErrors();
		Map<String, String> columns = new LinkedHashMap<>();
		if (given != null) {
			given.forEach((column, target) -> {
				if (target == null || target.isBlank()) {
					return;
				}
				if (!header.contains(column.trim())) {
					errors.add("mapping." + column, "is not a column of the file's header");
				}
				else if (!isTarget(schema, target)) {
					errors.add("mapping." + column,
							"'" + target + "' is not a writable field of " + schema.type().key());
				}
				else if (columns.containsValue(target)) {
					errors.add("mapping." + column, "'" + target + "' is already mapped from another column");
				}
				else {
					columns.put(column.trim(), target);
				}
			});
		}
		else {
			for (String column : header) {
				inferred(schema, column).filter((target) -> !columns.containsValue(target))
					.ifPresent((target) -> columns.put(column, target));
			}
		}
		columns.keySet()
			.stream()
			.filter((column) -> header.stream().filter(column::equals).count() > 1)
			.forEach((column) -> errors.add("mapping." + column, "appears more than once in the header"));
		List<String> missing = new ArrayList<>();
		for (Field field : schema.fields()) {
			if (field.required() && field.writable() && !columns.containsValue(field.name())) {
				missing.add(field.name());
				errors.add(field.name(), "is required: map a column to it");
			}
		}
		if (!errors.isEmpty()) {
			String detail = missing.isEmpty() ? "The mapping is invalid: " + errors.summary()
					: "Required fields are not mapped: " + String.join(", ", missing);
			throw new ApiProblem(ProblemType.VALIDATION, detail, Map.of("errors", errors.list()));
		}
		return new ImportMapping(java.util.Collections.unmodifiableMap(columns));
	}

	private static boolean isTarget(RecordSchemas.Schema schema, String target) {
		if (schema.type() == RecordType.DEAL && DEAL_PLACEMENT.contains(target)) {
			return true;
		}
		return schema.field(target).map(Field::writable).orElse(false);
	}

	private static Optional<String> inferred(RecordSchemas.Schema schema, String column) {
		String name = column.trim();
		if (schema.type() == RecordType.DEAL) {
			for (String placement : DEAL_PLACEMENT) {
				if (placement.equalsIgnoreCase(name)) {
					return Optional.of(placement);
				}
			}
		}
		return schema.fields()
			.stream()
			.filter(Field::writable)
			.filter((field) -> field.name().equalsIgnoreCase(name)
					|| field.label().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
			.map(Field::name)
			.findFirst();
	}

}

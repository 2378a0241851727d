package com.nexacrm.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Tenancy;

/**
 * Builds the WHERE clause of a list from its filters and search text, against the fields
 * of a schema only: every column comes from a field definition and every value is a bind
 * parameter.
 */
public final class SqlWhere {

	private final List<String> conditions = new ArrayList<>();

	private final List<Object> params = new ArrayList<>();

	public SqlWhere and(String condition, Object... values) {
		this.conditions.add(condition);
		this.params.addAll(Arrays.asList(values));
		return this;
	}

	public SqlWhere and(Visibility.Predicate predicate) {
		if (predicate != Visibility.Predicate.ALL) {
			this.conditions.add(predicate.sql());
			this.params.addAll(predicate.params());
		}
		return this;
	}

	public String sql() {
		return this.conditions.isEmpty() ? "true" : String.join(" and ", this.conditions);
	}

	public List<Object> params() {
		return this.params;
	}

	/** Adds the filters and search text of a list request. */
	public SqlWhere filters(RecordSchemas.Schema schema, ListRequest request, String alias) {
		for (String filter : request.filters()) {
			String[] parts = filter.split(":", 3);
			if (parts.length < 2) {
				throw invalid("Filter " + filter + " must read field:op:value");
			}
			Field field = schema.field(parts[0]).orElseThrow(() -> invalid("Unknown filter field " + parts[0]));
			String op = parts[1];
			String raw = (parts.length == 3) ? parts[2] : "";
			String column = field.sql(alias);
			switch (op) {
				case "empty" -> and(emptyCondition(field, column));
				case "notempty" -> and("not (" + emptyCondition(field, column) + ")");
				case "has" -> {
					if (field.type() == FieldType.TAGS) {
						and(column + " @> array[?]::text[]", raw.toLowerCase(java.util.Locale.ROOT));
					}
					else if (field.type() == FieldType.MULTI_SELECT) {
						and(column + " ? ?", raw);
					}
					else {
						throw invalid("has works on tags and multi-select fields");
					}
				}
				case "contains" -> and(column + "::text ilike ?", "%" + escapeLike(raw) + "%");
				case "in" -> {
					List<Object> values = new ArrayList<>();
					for (String part : raw.split("\\|")) {
						values.add(value(field, part));
					}
					and(column + " = any(cast(? as " + sqlType(values.get(0)) + "[]))", arrayLiteral(values));
				}
				case "eq", "ne", "lt", "lte", "gt", "gte" -> {
					String sqlOp = Map.of("eq", "=", "ne", "<>", "lt", "<", "lte", "<=", "gt", ">", "gte", ">=")
						.get(op);
					and(column + " " + sqlOp + " ?", value(field, raw));
				}
				default -> throw invalid("Unknown filter operator " + op);
			}
		}
		if (request.q() != null && !request.q().isBlank()) {
			String q = request.q().trim();
			if (q.length() > 200) {
				throw invalid("q must have at most 200 characters");
			}
			and("(" + alias + ".search @@ websearch_to_tsquery('simple', ?) or " + schema.type().nameExpression(alias)
					+ " ilike ?)", q, "%" + escapeLike(q) + "%");
		}
		return this;
	}

	private static String emptyCondition(Field field, String column) {
		return switch (field.type()) {
			case TAGS -> "cardinality(" + column + ") = 0";
			case MULTI_SELECT -> "coalesce(jsonb_array_length(" + column + "), 0) = 0";
			default -> column + " is null";
		};
	}

	private static Object value(Field field, String raw) {
		if (field.type() == FieldType.REFERENCE && "me".equals(raw)) {
			return Tenancy.current().userId();
		}
		try {
			Object value = Values.parse(field, raw);
			if (value == null) {
				throw invalid("Filter on " + field.name() + " needs a value; use empty or notempty");
			}
			if (field.custom() && value instanceof String text) {
				return text;
			}
			if (field.custom() && field.type() == FieldType.DATE) {
				return java.time.LocalDate.parse(value.toString());
			}
			if (field.type() == FieldType.TAGS) {
				throw invalid("Filter tags with has");
			}
			return value;
		}
		catch (Values.Invalid ex) {
			throw invalid("Filter on " + field.name() + ": " + ex.getMessage());
		}
	}

	private static String sqlType(Object value) {
		return switch (value) {
			case UUID u -> "uuid";
			case BigDecimal b -> "numeric";
			case Integer n -> "int";
			case java.time.LocalDate d -> "date";
			case Boolean b -> "boolean";
			default -> "text";
		};
	}

	/**
	 * A PostgreSQL array literal, every element quoted and escaped, for
	 * {@code cast(? as type[])}.
	 */
	static String arrayLiteral(List<?> values) {
		StringBuilder literal = new StringBuilder("{");
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				literal.append(',');
			}
			literal.append('"')
				.append(values.get(i).toString().replace("\\", "\\\\").replace("\"", "\\\""))
				.append('"');
		}
		return literal.append('}').toString();
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	static ApiProblem invalid(String message) {
		return new ApiProblem(ProblemType.VALIDATION, message);
	}

}

package com.nexacrm.record;

import java.util.Map;
import java.util.UUID;

/**
 * The order of a list and its keyset continuation: rows after the cursor's (value, id),
 * with empty values last in either direction.
 */
record Sort(Field field, boolean descending, String spec, String idColumn) {

	static Sort of(RecordSchemas.Schema schema, String spec) {
		String text = (spec == null || spec.isBlank()) ? "-updatedAt" : spec.trim();
		boolean descending = text.startsWith("-");
		String name = descending ? text.substring(1) : text;
		Field field = schema.field(name).orElseThrow(() -> SqlWhere.invalid("Unknown sort field " + name));
		if (field.type() == FieldType.TAGS || field.type() == FieldType.MULTI_SELECT) {
			throw SqlWhere.invalid("Cannot sort by " + name);
		}
		return new Sort(field, descending, text, schema.type().idColumn());
	}

	private String column() {
		return this.field.sql("r");
	}

	String orderBy() {
		String direction = this.descending ? "desc" : "asc";
		return column() + " " + direction + " nulls last, r." + this.idColumn + " " + direction;
	}

	void after(Cursor cursor, SqlWhere where) {
		if (!cursor.sort().equals(this.spec)) {
			throw SqlWhere.invalid("The cursor belongs to another sort; start again from the first page");
		}
		String op = this.descending ? "<" : ">";
		String id = "r." + this.idColumn;
		if (cursor.value() == null) {
			where.and("(" + column() + " is null and " + id + " " + op + " ?)", cursor.id());
			return;
		}
		Object value = parse(cursor.value());
		where.and("(" + column() + " " + op + " ? or (" + column() + " = ? and " + id + " " + op + " ?) or " + column()
				+ " is null)", value, value, cursor.id());
	}

	Cursor cursorAfter(Map<String, Object> row) {
		Object value = row.get(this.field.name());
		if (this.field.custom()) {
			Object custom = ((Map<?, ?>) row.get("custom")).get(this.field.name().substring(7));
			value = custom;
		}
		return new Cursor(this.spec, (value != null) ? value.toString() : null, (UUID) row.get("id"));
	}

	private Object parse(String text) {
		try {
			return switch (this.field.type()) {
				case TIMESTAMP -> java.time.OffsetDateTime.parse(text);
				case DATE -> java.time.LocalDate.parse(text);
				case DECIMAL -> new java.math.BigDecimal(text);
				case INTEGER -> Integer.valueOf(text);
				case REFERENCE -> UUID.fromString(text);
				case BOOLEAN -> Boolean.valueOf(text);
				default -> text;
			};
		}
		catch (RuntimeException ex) {
			throw SqlWhere.invalid("The cursor is not valid; start again from the first page");
		}
	}

}

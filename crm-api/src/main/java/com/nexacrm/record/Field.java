package com.nexacrm.record;

import java.util.List;

/**
 * One field of a record type.
 *
 * @param name the API name (camelCase); custom fields are {@code custom.<key>}
 * @param column the SQL expression that reads it
 * @param type how it is validated and compared
 * @param maxLength longest text accepted (text types)
 * @param required must be present on create
 * @param writable may be set through create, update and import
 * @param options allowed values (enums and selects)
 * @param label the human name (CSV headers, UI)
 * @param custom whether it is an organisation's custom field (stored in {@code custom})
 */
public record Field(String name, String column, FieldType type, int maxLength, boolean required, boolean writable,
		List<String> options, String label, boolean custom) {

	static Field text(String name, String column, int maxLength, String label) {
		return new Field(name, column, FieldType.TEXT, maxLength, false, true, List.of(), label, false);
	}

	static Field of(String name, String column, FieldType type, String label) {
		return new Field(name, column, type, 0, false, true, List.of(), label, false);
	}

	static Field readOnly(String name, String column, FieldType type, String label) {
		return new Field(name, column, type, 0, false, false, List.of(), label, false);
	}

	static Field choice(String name, String column, List<String> options, String label) {
		return new Field(name, column, FieldType.ENUM, 0, false, true, options, label, false);
	}

	Field mandatory() {
		return new Field(this.name, this.column, this.type, this.maxLength, true, this.writable, this.options,
				this.label, this.custom);
	}

	Field fixed() {
		return new Field(this.name, this.column, this.type, this.maxLength, this.required, false, this.options,
				this.label, this.custom);
	}

	/**
	 * The SQL expression, on the table under the alias, with the right type for comparing
	 * and sorting.
	 */
	public String sql(String alias) {
		String column = alias + "." + this.column;
		if (!this.custom) {
			return column;
		}
		return switch (this.type) {
			case DECIMAL -> "(" + column + ")::numeric";
			case DATE -> "(" + column + ")::date";
			case BOOLEAN -> "(" + column + ")::boolean";
			default -> "(" + column + ")";
		};
	}

}

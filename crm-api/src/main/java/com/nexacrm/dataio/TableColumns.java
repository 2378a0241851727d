package com.nexacrm.dataio;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL type and default of a record table's columns, read from the catalog once per
 * import: a batch passes every column as text and casts it, and a blank cell of a column
 * with a default (a lead's status, a deal's amount) gets that default as a single insert
 * would.
 */
final class TableColumns {

	private final Map<String, Column> columns;

	private TableColumns(Map<String, Column> columns) {
		this.columns = columns;
	}

	static TableColumns of(JdbcClient jdbc, String table) {
		Map<String, Column> columns = new HashMap<>();
		jdbc.sql("""
				select a.attname, format_type(a.atttypid, null), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
				from pg_attribute a
				left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
				where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''""")
			.param(table)
			.query((rs, n) -> new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)))
			.list()
			.forEach((column) -> columns.put(column.name(), column));
		return new TableColumns(columns);
	}

	Column get(String name) {
		Column column = this.columns.get(name);
		if (column == null) {
			throw new IllegalStateException("No column " + name);
		}
		return column;
	}

	/** One column of the table. */
	record Column(String name, String type, boolean notNull, String defaultExpression) {

		/** The text value cast to the column's type. */
		String cast(String value) {
			return switch (this.type) {
				// char(n) and varchar(n) take text by assignment; a cast would cut it
				case "text", "character", "character varying" -> value;
				default -> value + "::" + this.type;
			};
		}

		/**
		 * The value to insert: the cast text, or the column's default when the text is
		 * null and the column cannot hold null.
		 */
		String insertValue(String value) {
			String cast = cast(value);
			if (this.type.equals("jsonb")) {
				cast = "jsonb_strip_nulls(" + cast + ")";
			}
			if (this.notNull && this.defaultExpression != null) {
				return "coalesce(" + cast + ", " + this.defaultExpression + ")";
			}
			return cast;
		}

		/**
		 * The value to update to: a blank cell keeps what the record has, and custom
		 * fields merge into the stored ones.
		 */
		String updateValue(String value, String current) {
			return switch (this.type) {
				case "jsonb" -> current + " || coalesce(jsonb_strip_nulls(" + cast(value) + "), '{}'::jsonb)";
				case "text[]" -> "case when coalesce(cardinality(" + cast(value) + "), 0) = 0 then " + current
						+ " else " + cast(value) + " end";
				default -> "coalesce(" + cast(value) + ", " + current + ")";
			};
		}

	}

}

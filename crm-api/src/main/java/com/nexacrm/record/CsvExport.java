package com.nexacrm.record;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.stereotype.Component;

/**
 * Writes a list as CSV while reading it: one row in memory at a time. Cells that a
 * spreadsheet would run as a formula are neutralised, so an exported file cannot attack
 * whoever opens it.
 */
@Component
public class CsvExport {

	private final Records records;

	CsvExport(Records records) {
		this.records = records;
	}

	/** The header: id, then every standard and custom field by API name. */
	public static List<String> header(RecordSchemas.Schema schema) {
		List<String> header = new ArrayList<>();
		header.add("id");
		schema.fields().forEach((field) -> header.add(field.name()));
		return header;
	}

	public void write(RecordType type, ListRequest request, OutputStream out) {
		RecordSchemas.Schema schema = this.records.schema(type);
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		try {
			CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180);
			csv.printRecord(header(schema));
			this.records.stream(type, request, (row) -> {
				try {
					List<String> cells = new ArrayList<>();
					cells.add(String.valueOf(row.get("id")));
					Map<?, ?> custom = (Map<?, ?>) row.get("custom");
					for (Field field : schema.fields()) {
						Object value = field.custom() ? custom.get(field.name().substring(7)) : row.get(field.name());
						cells.add(safe(text(value)));
					}
					csv.printRecord(cells);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			csv.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String text(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Collection<?> list) {
			return String.join(";", list.stream().map(String::valueOf).toList());
		}
		return value.toString();
	}

	/**
	 * Prefixes a cell that starts like a formula ({@code = + - @}, tab, carriage return)
	 * with an apostrophe, as OWASP recommends against CSV injection.
	 */
	public static String safe(String cell) {
		if (cell.isEmpty()) {
			return cell;
		}
		char first = cell.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			return "'" + cell;
		}
		return cell;
	}

}

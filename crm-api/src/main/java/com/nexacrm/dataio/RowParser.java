package com.nexacrm.dataio;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.record.FieldErrors;
import com.nexacrm.record.Records;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns a CSV record into a row to write: maps its cells to fields and validates them
 * exactly as creating the record through the API would. Needs no database, so it runs
 * outside the batch's transaction.
 */
final class RowParser {

	private final ImportPlan plan;

	private final Records records;

	private final UUID importingUser;

	private final int[] indexes;

	private final String[] targets;

	RowParser(ImportPlan plan, Records records, UUID importingUser) {
		this.plan = plan;
		this.records = records;
		this.importingUser = importingUser;
		Map<String, String> columns = plan.mapping().columns();
		this.indexes = new int[columns.size()];
		this.targets = new String[columns.size()];
		int i = 0;
		for (var entry : columns.entrySet()) {
			this.indexes[i] = plan.header().indexOf(entry.getKey());
			this.targets[i] = entry.getValue();
			if (this.indexes[i] < 0) {
				throw new IllegalStateException("Column " + entry.getKey() + " is not in the header");
			}
			i++;
		}
	}

	ParsedRow parse(long number, CSVRecord record) {
		String[] cells = record.values();
		int width = this.plan.header().size();
		if (cells.length < width || (cells.length > width && !blankFrom(cells, width))) {
			return ParsedRow.failed(number, cells,
					"has " + cells.length + " cells where the header has " + width + " columns");
		}
		Map<String, Object> input = new LinkedHashMap<>();
		String pipelineId = null;
		String stageId = null;
		String stage = null;
		for (int i = 0; i < this.indexes.length; i++) {
			String cell = cells[this.indexes[i]];
			switch (this.targets[i]) {
				case ImportMapping.PIPELINE_ID -> pipelineId = cell;
				case ImportMapping.STAGE_ID -> stageId = cell;
				case ImportMapping.STAGE -> stage = cell;
				default -> input.put(this.targets[i], cell);
			}
		}
		FieldErrors errors = new FieldErrors();
		Map<String, Object> columns = this.records.validate(this.plan.schema(), input, true, errors);
		ParsedRow.Placement placement = null;
		if (this.plan.type() == com.nexacrm.record.RecordType.DEAL) {
			placement = new ParsedRow.Placement(id(ImportMapping.PIPELINE_ID, pipelineId, errors),
					id(ImportMapping.STAGE_ID, stageId, errors),
					(stage == null || stage.isBlank()) ? null : stage.trim());
		}
		if (!errors.isEmpty()) {
			return ParsedRow.failed(number, cells, errors.summary());
		}
		boolean ownerGiven = columns.get("owner_id") != null;
		if (!ownerGiven) {
			columns.put("owner_id", this.importingUser);
		}
		String key = null;
		if (this.plan.keyColumn() != null && columns.get(this.plan.keyColumn()) instanceof String value
				&& !value.isBlank()) {
			key = value.toLowerCase(Locale.ROOT);
		}
		return new ParsedRow(number, cells, columns, key, ownerGiven, placement, null);
	}

	private static boolean blankFrom(String[] cells, int from) {
		for (int i = from; i < cells.length; i++) {
			if (!cells[i].isBlank()) {
				return false;
			}
		}
		return true;
	}

	private static UUID id(String field, String cell, FieldErrors errors) {
		if (cell == null || cell.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(cell.trim());
		}
		catch (IllegalArgumentException ex) {
			errors.add(field, "must be an id");
			return null;
		}
	}

}

package com.nexacrm.dataio;

import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;

/**
 * One data row of the file after validation: the column values to write, or why it cannot
 * be imported.
 *
 * @param number the data row's number, from 1 (the header is not counted)
 * @param cells the row as read, for the error report
 * @param columns SQL column to value, as {@code Records.validate} returns them
 * @param key the lower-cased duplicate key, or {@code null}
 * @param ownerGiven whether the file named the owner (else the importing member owns it,
 * and an update leaves the owner alone)
 * @param placement where a deal goes, as the file said
 * @param error why the row is not imported, or {@code null}
 */
record ParsedRow(long number, String[] cells, Map<String, Object> columns, String key, boolean ownerGiven,
		Placement placement, String error) {

	static final int MAX_RAW = 2000;

	static ParsedRow failed(long number, String[] cells, String error) {
		return new ParsedRow(number, cells, Map.of(), null, false, null, error);
	}

	/** Rows are told apart by identity: two rows with the same cells are two rows. */
	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	/** The row's cells as one CSV line, cut to {@value #MAX_RAW} characters. */
	String raw() {
		String line = CSVFormat.RFC4180.format((Object[]) this.cells);
		return (line.length() > MAX_RAW) ? line.substring(0, MAX_RAW) : line;
	}

	/**
	 * A deal's pipeline and stage as given in the file; {@code null}s mean the defaults.
	 */
	record Placement(UUID pipelineId, UUID stageId, String stageName) {
	}

}

package com.nexacrm.dataio;

import java.util.List;
import java.util.UUID;

import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.RecordType;

/**
 * What every batch of one import needs, loaded once when the job starts (or resumes).
 *
 * @param header the file's column names, trimmed
 */
record ImportPlan(ImportJob job, RecordType type, RecordSchemas.Schema schema, TableColumns columns,
		ImportMapping mapping, List<String> header) {

	UUID importId() {
		return this.job.id();
	}

	/**
	 * The column whose lower-cased value identifies a duplicate, or {@code null} (deals).
	 */
	String keyColumn() {
		return switch (this.type) {
			case CONTACT, LEAD -> "email";
			case COMPANY -> "domain";
			case DEAL -> null;
		};
	}

	/**
	 * The stored lower-cased copy of {@link #keyColumn()} (V3), which an index serves
	 * under row-level security where {@code lower(column)} is not.
	 */
	String keyIndexColumn() {
		return this.keyColumn() + "_key";
	}

}

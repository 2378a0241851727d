package com.nexacrm.dataio;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * An import as the API shows it: what it reads, how far it got and what became of the
 * rows.
 *
 * @param mapping CSV header to field API name, as applied (also when it was inferred)
 * @param rowsRead data rows read so far (the header not counted); every one of them is
 * inserted, updated, skipped or failed
 * @param message why it failed, or a summary once it is done
 */
public record ImportJob(UUID id, String entity, Status status, Mode mode, Dedupe dedupe, Map<String, String> mapping,
		String fileName, long fileBytes, long rowsRead, long inserted, long updated, long skipped, long failed,
		String message, UUID createdBy, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {

	public enum Status {

		QUEUED, RUNNING, COMPLETED, FAILED;

		boolean isActive() {
			return this == QUEUED || this == RUNNING;
		}

	}

	/** Whether imported records start automation ({@code NORMAL}) or not. */
	public enum Mode {

		SILENT, NORMAL

	}

	/**
	 * What a row does when its email (contacts, leads) or domain (companies) matches an
	 * existing record or an earlier row of the file.
	 */
	public enum Dedupe {

		SKIP, UPDATE, CREATE

	}

}

package com.nexacrm.dataio;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where uploaded import files wait for their job and how imports run.
 *
 * @param directory uploaded files, as {@code <orgId>/<importId>.csv}; a file exists while
 * its job is queued or running, so the directory is also what a restart resumes from
 * @param maxFileSize largest CSV file accepted (larger: 413)
 * @param batchSize rows written per transaction
 * @param workers imports that run at the same time on this replica
 * @param batchesInFlight batches of one import written at the same time, each in its own
 * transaction on its own connection (deals: always one); 1 writes them one after another
 */
@ConfigurationProperties("nexacrm.imports")
record ImportSettings(@DefaultValue("./data/imports") Path directory, @DefaultValue("200MB") DataSize maxFileSize,
		@DefaultValue("2000") int batchSize, @DefaultValue("2") int workers, @DefaultValue("2") int batchesInFlight) {

	ImportSettings {
		if (batchSize < 1 || workers < 1 || batchesInFlight < 1) {
			throw new IllegalArgumentException(
					"nexacrm.imports.batch-size, workers and batches-in-flight must be at least 1");
		}
	}

	Path fileOf(java.util.UUID orgId, java.util.UUID importId) {
		return this.directory.resolve(orgId.toString()).resolve(importId + ".csv");
	}

}

package com.nexacrm.monitor;

import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;

/**
 * Where {@link Projection} puts one organisation's changes within a write: each call is
 * one change to one row, in record order; times are the records' epoch milliseconds.
 */
interface ProjectionSink {

	void startInstance(ProcessInstanceRecordValue value, long at);

	void endInstance(long key, String state, long at);

	/** An element instance, or a sequence flow taken (which ends as it starts). */
	void startElement(long key, ProcessInstanceRecordValue value, String state, long position, long at, Long endedAt);

	void endElement(long key, String state, long at);

	void createJob(long key, JobRecordValue value, long at);

	/** A job's change; a {@code null} state or error message keeps the one it had. */
	void updateJob(long key, String state, int retries, String errorMessage, long at);

	/** Writes what is still held; called once, at the end of the write. */
	void flush();

}

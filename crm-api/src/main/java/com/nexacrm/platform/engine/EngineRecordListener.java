package com.nexacrm.platform.engine;

import java.util.List;

import io.camunda.zeebe.protocol.record.Record;

/**
 * Receives the embedded engine's records in log order, once each, on the single reader
 * thread. An implementation that cannot apply a batch now must keep it and retry: the
 * reader does not offer the same records again.
 */
public interface EngineRecordListener {

	/**
	 * @param records the next records of the log, commands and events alike, in position
	 * order
	 */
	void onRecords(List<Record<?>> records);

}

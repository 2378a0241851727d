package com.nexacrm.record;

import java.util.Map;
import java.util.UUID;

/**
 * A record type's own rules around the generic create, update and delete (a deal's
 * pipeline, stage and rank; events that other modules react to). Called inside the
 * write's transaction.
 */
public interface RecordHooks {

	RecordType type();

	/** Completes or checks the column values of a new record; may add errors. */
	default void beforeCreate(Map<String, Object> columns, FieldErrors errors) {
	}

	default void afterCreate(UUID id, Map<String, Object> record) {
	}

	default void beforeUpdate(UUID id, Map<String, Object> columns, FieldErrors errors) {
	}

	default void afterUpdate(UUID id, Map<String, Object> before, Map<String, Object> after) {
	}

	default void beforeDelete(UUID id) {
	}

}

package com.nexacrm.platform.database;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values read at most once per transaction: definitions and settings that one step
 * consults several times (routing a lead read the lead's custom field definitions four
 * times and the organisation's settings twice). Outside a transaction every call reads
 * afresh. Code that changes such a value calls {@link #forget()}, so the rest of its
 * transaction reads the new one.
 */
public final class TransactionScoped {

	private static final Object RESOURCE = TransactionScoped.class;

	private TransactionScoped() {
	}

	/**
	 * The value under {@code key} in the current transaction, read with {@code read} the
	 * first time.
	 * @param key what the value is, with everything it depends on (the organisation, the
	 * record type)
	 */
	@SuppressWarnings("unchecked")
	public static <T> T get(Object key, Supplier<T> read) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return read.get();
		}
		Map<Object, Object> values = (Map<Object, Object>) TransactionSynchronizationManager.getResource(RESOURCE);
		if (values == null) {
			values = new HashMap<>();
			TransactionSynchronizationManager.bindResource(RESOURCE, values);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(RESOURCE);
				}
			});
		}
		T value = (T) values.get(key);
		if (value == null) {
			value = read.get();
			values.put(key, value);
		}
		return value;
	}

	/** Drops every value the current transaction has read. */
	public static void forget() {
		Object values = TransactionSynchronizationManager.getResource(RESOURCE);
		if (values instanceof Map<?, ?> map) {
			map.clear();
		}
	}

}

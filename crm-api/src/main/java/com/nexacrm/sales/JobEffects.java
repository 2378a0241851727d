package com.nexacrm.sales;

import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Exactly-once side effects for jobs that only touch the database: the effect and its key
 * are written in one transaction (the caller's), so a job delivered twice finds the key
 * and gets the first result back instead of acting again.
 */
@Component
class JobEffects {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	JobEffects(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Runs {@code effect} unless {@code key} already ran; must be called inside a
	 * transaction.
	 */
	<T> T once(String key, Class<T> resultType, Supplier<T> effect) {
		if (!claim(key)) {
			return previous(key, resultType).orElse(null);
		}
		T result = effect.get();
		this.jdbc.sql("update job_effect set result = ?::jsonb where org_id = ? and effect_key = ?")
			.params(write(result), Tenancy.orgId(), key)
			.update();
		return result;
	}

	/**
	 * Runs {@code effect} unless {@code key} already ran, for an effect whose result can
	 * be read back from the record it changed: nothing is stored besides the key, and a
	 * second delivery gets {@code current}'s answer, the record as it stands now (a later
	 * change, such as a lead handed to another rep, shows in it). Must be called inside a
	 * transaction.
	 */
	<T> T once(String key, Supplier<T> effect, Supplier<T> current) {
		return claim(key) ? effect.get() : current.get();
	}

	/**
	 * Takes the key for this transaction; false when it was taken before (a concurrent
	 * taker's transaction is waited for).
	 */
	private boolean claim(String key) {
		return this.jdbc.sql("insert into job_effect (org_id, effect_key) values (?, ?) on conflict do nothing")
			.params(Tenancy.orgId(), key)
			.update() == 1;
	}

	private <T> Optional<T> previous(String key, Class<T> resultType) {
		return this.jdbc.sql("select result::text from job_effect where org_id = ? and effect_key = ?")
			.params(Tenancy.orgId(), key)
			.query(String.class)
			.optional()
			.map((text) -> read(text, resultType));
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private <T> T read(String text, Class<T> type) {
		try {
			return this.json.readValue(text, type);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

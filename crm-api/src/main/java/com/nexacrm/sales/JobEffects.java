package com.nexacrm.sales;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.Records;
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

	private static final String CLAIM = "insert into job_effect (org_id, effect_key) values (?, ?) on conflict do nothing";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final Records records;

	JobEffects(JdbcClient jdbc, ObjectMapper json, Records records) {
		this.jdbc = jdbc;
		this.json = json;
		this.records = records;
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
	 * Runs {@code effect} on one record unless {@code key} already ran, for an effect
	 * whose result can be read back from the record it changed: nothing is stored besides
	 * the key. The key is taken and the record read in one statement, a round trip fewer
	 * than taking it and then reading; {@code effect} gets the record (empty when it is
	 * gone or not visible). A second delivery gets {@code current}'s answer, which reads
	 * the record as it stands now: what the first delivery committed while this one
	 * waited for the key, or a later change such as a lead handed to another rep. Must be
	 * called inside a transaction.
	 */
	<T> T once(String key, RecordSchemas.Schema schema, UUID id, Function<Optional<Map<String, Object>>, T> effect,
			Supplier<T> current) {
		Records.Changed claimed = this.records.findAfter(schema, id, CLAIM + " returning effect_key", Tenancy.orgId(),
				key);
		return claimed.changed() ? effect.apply(claimed.record()) : current.get();
	}

	/**
	 * Takes the key for this transaction; false when it was taken before (a concurrent
	 * taker's transaction is waited for).
	 */
	private boolean claim(String key) {
		return this.jdbc.sql(CLAIM).params(Tenancy.orgId(), key).update() == 1;
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

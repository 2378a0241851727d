package com.nexacrm.sales;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which record each of the organisation's instances in this engine epoch is about. */
@Component
class InstanceBindings {

	private final JdbcClient jdbc;

	private final String epoch;

	InstanceBindings(JdbcClient jdbc, EngineEpoch epoch) {
		this.jdbc = jdbc;
		this.epoch = epoch.value();
	}

	/**
	 * Whether the record (business key {@code lead:<id>}, {@code deal:<id>}) has an
	 * instance.
	 */
	boolean controlled(String businessKey) {
		return this.jdbc.sql("""
				select exists (select 1 from process_instance_owner
				               where engine_epoch = ? and org_id = ? and business_key = ?)""")
			.params(this.epoch, Tenancy.orgId(), businessKey)
			.query(Boolean.class)
			.single();
	}

	/** Those of the business keys whose records have an instance, in one statement. */
	Set<String> controlledAmong(Collection<String> businessKeys) {
		return new HashSet<>(this.jdbc.sql("""
				select business_key from process_instance_owner
				where org_id = ? and engine_epoch = ? and business_key = any(cast(? as text[]))""")
			.params(Tenancy.orgId(), this.epoch, businessKeys.toArray(String[]::new))
			.query(String.class)
			.list());
	}

	/**
	 * Those of the business keys whose records had an instance in an earlier engine epoch
	 * (before the embedded engine last started), in one statement.
	 */
	Set<String> boundBeforeAmong(Collection<String> businessKeys) {
		return new HashSet<>(this.jdbc.sql("""
				select business_key from process_instance_owner
				where org_id = ? and business_key = any(cast(? as text[])) and engine_epoch <> ?""")
			.params(Tenancy.orgId(), businessKeys.toArray(String[]::new), this.epoch)
			.query(String.class)
			.list());
	}

	/**
	 * Points the instance bound to one business key at another (a lead's instance follows
	 * its deal after conversion).
	 */
	void rebind(String from, String to) {
		this.jdbc.sql("""
				update process_instance_owner set business_key = ?
				where engine_epoch = ? and org_id = ? and business_key = ?""")
			.params(to, this.epoch, Tenancy.orgId(), from)
			.update();
	}

}

package com.nexacrm.sales;

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

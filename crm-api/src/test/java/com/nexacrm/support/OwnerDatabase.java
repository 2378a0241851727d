package com.nexacrm.support;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The owner connection (superuser on the test server), for tests to inspect what was
 * written regardless of row-level security: "nothing written" is checked here, not
 * through the app role.
 */
@TestComponent
public class OwnerDatabase {

	private final JdbcTemplate jdbc;

	OwnerDatabase(@Qualifier("migrationDataSource") DataSource migrationDataSource) {
		this.jdbc = new JdbcTemplate(migrationDataSource);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	public long count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

}

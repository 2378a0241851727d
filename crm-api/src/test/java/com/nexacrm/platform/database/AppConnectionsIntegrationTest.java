package com.nexacrm.platform.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.nexacrm.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings every connection of the app's pool starts with. */
@IntegrationTest
class AppConnectionsIntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void queriesAreNeverCompiledByTheServersJit() throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet jit = statement.executeQuery("show jit")) {
				assertThat(jit.next()).isTrue();
				assertThat(jit.getString(1)).isEqualTo("off");
			}
			// a plan far above the JIT thresholds is still not compiled
			statement.execute("set local jit_above_cost = 0");
			try (ResultSet plan = statement
				.executeQuery("explain (analyze, format text) select count(*) from generate_series(1, 1000)")) {
				StringBuilder text = new StringBuilder();
				while (plan.next()) {
					text.append(plan.getString(1)).append('\n');
				}
				assertThat(text).contains("Execution Time").doesNotContain("JIT");
			}
		}
	}

}

package com.nexacrm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseCountersTest {

	@Test
	void aRoundIsWhatPostgresWrotePerLead() {
		DatabaseCounters start = new DatabaseCounters(1_000_000, 100, 5_000, 10, 40, 3);
		// 2,000 leads: 11,600 commits, 38,912,000 bytes in 262,000 records, 40 full-page
		// images, 9,400 syncs, one checkpoint
		DatabaseCounters end = new DatabaseCounters(39_912_000, 11_700, 267_000, 50, 9_440, 4);

		assertThat(end.since(start, 2000)).isEqualTo(
				"PostgreSQL 5.8 commits, 19.0 kB of WAL in 131 records (0.02 full-page images) and 4.7 WAL syncs per lead, 1 checkpoints");
	}

	@Test
	void readsTheServerAndSeesAWrite() throws Exception {
		try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
				Statement statement = db.createStatement()) {
			DatabaseCounters before = DatabaseCounters.now(db);

			// a temporary table's rows are not logged, its catalog entries are
			statement.execute("create temporary table counted (n int)");
			// this backend reports its statistics before its next query, not up to a
			// second later
			statement.execute("select pg_stat_force_next_flush()");

			DatabaseCounters after = DatabaseCounters.now(db);
			assertThat(after.walBytes()).isGreaterThan(before.walBytes());
			assertThat(after.walRecords()).isGreaterThan(before.walRecords());
			assertThat(after.commits()).isGreaterThan(before.commits());
		}
	}

}

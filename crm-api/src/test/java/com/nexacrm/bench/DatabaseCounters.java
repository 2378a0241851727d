package com.nexacrm.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL wrote during a round: WAL bytes (from the insert position, exact), and
 * from its cumulative statistics the benchmark database's commits, the WAL records,
 * full-page images and syncs, and the checkpoints. Each backend reports its statistics
 * when it goes idle, at most once a second, so those counts can miss the last second of a
 * round (and show it in the next one); the WAL bytes cannot.
 */
record DatabaseCounters(long walBytes, long commits, long walRecords, long fullPageImages, long walSyncs,
		long checkpoints) {

	static DatabaseCounters now(Connection db) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
				select pg_current_wal_insert_lsn() - '0/0',
				       (select xact_commit from pg_stat_database where datname = current_database()),
				       w.wal_records, w.wal_fpi, w.wal_sync,
				       (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter)
				from pg_stat_wal w""")) {
			rs.next();
			return new DatabaseCounters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
					rs.getLong(6));
		}
	}

	/** From {@code start} to this, per lead of the round's {@code leads}. */
	String since(DatabaseCounters start, int leads) {
		return "PostgreSQL %.1f commits, %.1f kB of WAL in %.0f records (%.2f full-page images) and %.1f WAL syncs per lead, %d checkpoints"
			.formatted((double) (this.commits - start.commits) / leads,
					(this.walBytes - start.walBytes) / 1024.0 / leads,
					(double) (this.walRecords - start.walRecords) / leads,
					(double) (this.fullPageImages - start.fullPageImages) / leads,
					(double) (this.walSyncs - start.walSyncs) / leads, this.checkpoints - start.checkpoints);
	}

}

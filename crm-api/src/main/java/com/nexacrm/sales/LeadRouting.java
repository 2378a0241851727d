package com.nexacrm.sales;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Picks the rep a new lead goes to. Candidates are the team's members (or every member
 * who sells, when the lead has no team), minus the absent and those at their capacity of
 * open leads. Round-robin takes the next one after the last rep served in a fixed order;
 * least-loaded takes the one with the fewest open leads, round-robin among equals. The
 * pool's cursor row is locked while choosing, so two leads routed at once never land on
 * the same rep by accident.
 */
@Component
class LeadRouting {

	private final JdbcClient jdbc;

	private final SalesSettings settings;

	LeadRouting(JdbcClient jdbc, SalesSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/** Must run inside the transaction that assigns the lead. */
	Optional<UUID> pick(UUID teamId) {
		String pool = (teamId != null) ? teamId.toString() : "org";
		Optional<Cursor> cursor = lockCursor(pool);
		if (cursor.isEmpty()) {
			// the pool's first lead: create its cursor (a concurrent first lead may too)
			this.jdbc.sql("insert into routing_cursor (org_id, pool) values (?, ?) on conflict do nothing")
				.params(Tenancy.orgId(), pool)
				.update();
			cursor = lockCursor(pool);
		}
		UUID last = cursor.orElseThrow().lastUserId();
		SalesSettings.RoutingStrategy strategy = this.settings.get().routingStrategy();
		List<Candidate> candidates = candidates(teamId, strategy == SalesSettings.RoutingStrategy.LEAST_LOADED);
		if (candidates.isEmpty()) {
			return Optional.empty();
		}
		Candidate chosen = switch (strategy) {
			case ROUND_ROBIN -> nextAfter(candidates, last);
			case LEAST_LOADED -> {
				long fewest = candidates.stream().mapToLong(Candidate::openLeads).min().orElseThrow();
				yield nextAfter(candidates.stream().filter((c) -> c.openLeads() == fewest).toList(), last);
			}
		};
		this.jdbc.sql("update routing_cursor set last_user_id = ? where org_id = ? and pool = ?")
			.params(chosen.userId(), Tenancy.orgId(), pool)
			.update();
		return Optional.of(chosen.userId());
	}

	/**
	 * Locks the pool's cursor until the transaction ends; empty when the pool has none
	 * yet.
	 */
	private Optional<Cursor> lockCursor(String pool) {
		return this.jdbc.sql("select last_user_id from routing_cursor where org_id = ? and pool = ? for update")
			.params(Tenancy.orgId(), pool)
			.query((rs, n) -> new Cursor(rs.getObject(1, UUID.class)))
			.optional();
	}

	/** A pool's cursor: the last rep it served, {@code null} before the first. */
	private record Cursor(UUID lastUserId) {
	}

	/** The first candidate after {@code last} in user-id order, wrapping around. */
	static Candidate nextAfter(List<Candidate> candidates, UUID last) {
		List<Candidate> ordered = candidates.stream().sorted(Comparator.comparing(Candidate::userId)).toList();
		if (last == null) {
			return ordered.get(0);
		}
		return ordered.stream().filter((c) -> c.userId().compareTo(last) > 0).findFirst().orElse(ordered.get(0));
	}

	/**
	 * The pool's available members. Counting a member's open leads reads all of them, so
	 * it is done for everyone only when least-loaded needs it, and otherwise only for
	 * members with a capacity; the others count as 0.
	 */
	private List<Candidate> candidates(UUID teamId, boolean countEveryone) {
		String members = (teamId != null) ? """
				select m.user_id, m.capacity from membership m
				join team_member tm on tm.org_id = m.org_id and tm.user_id = m.user_id and tm.team_id = ?
				where m.org_id = ? and not m.absent and m.role <> 'VIEWER'""" : """
				select m.user_id, m.capacity from membership m
				where m.org_id = ? and not m.absent and m.role <> 'VIEWER'""";
		String sql = "select c.user_id, c.capacity, case when ? or c.capacity is not null then (select count(*) from lead l"
				+ " where l.org_id = ? and l.owner_id = c.user_id and l.status in ('NEW', 'WORKING')) else 0 end from ("
				+ members + ") c";
		var query = this.jdbc.sql(sql).param(countEveryone).param(Tenancy.orgId());
		if (teamId != null) {
			query = query.param(teamId);
		}
		return query.param(Tenancy.orgId())
			.query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), (Integer) rs.getObject(2), rs.getLong(3)))
			.list()
			.stream()
			.filter((c) -> c.capacity() == null || c.openLeads() < c.capacity())
			.toList();
	}

	record Candidate(UUID userId, Integer capacity, long openLeads) {
	}

}

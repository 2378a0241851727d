package com.nexacrm.sales;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Picks the rep a new lead goes to. Candidates are the team's members (or every member
 * who sells, when the lead has no team), minus the absent and those at their capacity of
 * open leads. Round-robin takes the next one after the last rep served in a fixed order;
 * least-loaded takes the one with the fewest open leads, round-robin among equals. The
 * pool's cursor row is locked while choosing, so two leads routed at once never land on
 * the same rep by accident.
 * <p>
 * Plain round-robin (no member of the pool has a capacity) needs nothing but the cursor,
 * so {@link #pickAhead} moves it in a short transaction of its own, one statement and its
 * commit, before the lead is assigned: concurrent routings of a pool queue on the cursor
 * row for that statement instead of for the whole assigning transaction. Capacities and
 * least-loaded count open leads, which are right only while the cursor stays locked until
 * the assignment commits: {@link #pick}, in the assigning transaction.
 */
@Component
class LeadRouting {

	private final JdbcClient jdbc;

	private final SalesSettings settings;

	private final TransactionTemplate transactions;

	LeadRouting(JdbcClient jdbc, SalesSettings settings, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.transactions = transactions;
	}

	/**
	 * Chooses the rep ahead of the assigning transaction when the choice depends on the
	 * cursor only; call it outside a transaction. A choice made here and not used (the
	 * assigning transaction fails, or the job was done before) skips that rep once.
	 * <p>
	 * One statement reads the organisation's strategy and the pool and, for plain
	 * round-robin, moves the cursor (creating it for the pool's first lead): the
	 * transaction is that statement and its commit. The commit does not wait for its WAL
	 * to reach the disk ({@code synchronous_commit} off for this transaction only), so
	 * the cursor's lock is released without waiting for the flush. A crash of the
	 * database can lose only a move whose WAL no later commit flushed, and then no
	 * assignment used it either.
	 */
	Ahead pickAhead(UUID teamId) {
		return this.transactions.execute((status) -> {
			var query = this.jdbc.sql("with pool as (select array_agg(c.user_id order by c.user_id) as ids,"
					+ " count(c.capacity) > 0 as capped from (" + members(teamId) + ") c)," + """
							 strategy as (select routing_strategy from organization where org_id = ?),
							moved as (
							    insert into routing_cursor as rc (org_id, pool, last_user_id)
							    select ?, ?, p.ids[1] from pool p, strategy s
							    where s.routing_strategy = 'ROUND_ROBIN' and not p.capped and p.ids is not null
							    on conflict (org_id, pool) do update set last_user_id = coalesce(
							        (select u from unnest((select ids from pool)) u where u > rc.last_user_id
							         order by u limit 1),
							        excluded.last_user_id)
							    returning rc.last_user_id)
							select s.routing_strategy, p.capped, coalesce(cardinality(p.ids), 0),
							       (select last_user_id from moved), set_config('synchronous_commit', 'off', true)
							from strategy s, pool p""");
			if (teamId != null) {
				query = query.param(teamId);
			}
			return query.param(Tenancy.orgId())
				.param(Tenancy.orgId())
				.param(Tenancy.orgId())
				.param(pool(teamId))
				.query((rs, n) -> {
					boolean roundRobin = SalesSettings.RoutingStrategy
						.valueOf(rs.getString(1)) == SalesSettings.RoutingStrategy.ROUND_ROBIN;
					if (!roundRobin || rs.getBoolean(2)) {
						return Ahead.UNDECIDED;
					}
					return new Ahead(true, (rs.getInt(3) == 0) ? null : rs.getObject(4, UUID.class));
				})
				.optional()
				.orElse(Ahead.UNDECIDED);
		});
	}

	/** The cursor's name for a team, or for the whole organisation. */
	private static String pool(UUID teamId) {
		return (teamId != null) ? teamId.toString() : "org";
	}

	/** For the pool's first lead; a concurrent first lead may create it too. */
	private void createCursor(String pool) {
		this.jdbc.sql("insert into routing_cursor (org_id, pool) values (?, ?) on conflict do nothing")
			.params(Tenancy.orgId(), pool)
			.update();
	}

	/** A choice made ahead: {@code decided} with the rep, or nobody available. */
	record Ahead(boolean decided, UUID ownerId) {

		static final Ahead UNDECIDED = new Ahead(false, null);

	}

	/** Must run inside the transaction that assigns the lead. */
	Optional<UUID> pick(UUID teamId) {
		String pool = pool(teamId);
		Optional<Cursor> cursor = lockCursor(pool);
		if (cursor.isEmpty()) {
			createCursor(pool);
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

	/**
	 * User ids in PostgreSQL's uuid order (unsigned, byte by byte), not
	 * {@link UUID#compareTo}'s signed one, so both ways of picking take the same turns.
	 */
	static final Comparator<UUID> USER_ORDER = Comparator
		.<UUID>comparingLong((id) -> id.getMostSignificantBits() ^ Long.MIN_VALUE)
		.thenComparingLong((id) -> id.getLeastSignificantBits() ^ Long.MIN_VALUE);

	/** The first candidate after {@code last} in user-id order, wrapping around. */
	static Candidate nextAfter(List<Candidate> candidates, UUID last) {
		List<Candidate> ordered = candidates.stream()
			.sorted(Comparator.comparing(Candidate::userId, USER_ORDER))
			.toList();
		if (last == null) {
			return ordered.get(0);
		}
		return ordered.stream()
			.filter((c) -> USER_ORDER.compare(c.userId(), last) > 0)
			.findFirst()
			.orElse(ordered.get(0));
	}

	/**
	 * The pool's available members. Counting a member's open leads reads all of them, so
	 * it is done for everyone only when least-loaded needs it, and otherwise only for
	 * members with a capacity; the others count as 0.
	 */
	private List<Candidate> candidates(UUID teamId, boolean countEveryone) {
		String members = members(teamId);
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

	/**
	 * The pool's available members (user id, capacity): the team's, or every member who
	 * sells; its parameters are the team (when given), then the organisation.
	 */
	private static String members(UUID teamId) {
		return (teamId != null) ? """
				select m.user_id, m.capacity from membership m
				join team_member tm on tm.org_id = m.org_id and tm.user_id = m.user_id and tm.team_id = ?
				where m.org_id = ? and not m.absent and m.role <> 'VIEWER'""" : """
				select m.user_id, m.capacity from membership m
				where m.org_id = ? and not m.absent and m.role <> 'VIEWER'""";
	}

	record Candidate(UUID userId, Integer capacity, long openLeads) {
	}

}

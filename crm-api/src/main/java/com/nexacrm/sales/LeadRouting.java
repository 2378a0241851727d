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
 * so {@link #pickAhead} moves it in one statement of a short transaction of its own,
 * before the lead is assigned: concurrent routings of a pool queue on the cursor row for
 * that statement instead of for the whole assigning transaction. Capacities and
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
	 */
	Ahead pickAhead(UUID teamId) {
		return this.transactions.execute((status) -> {
			Pool members = roundRobinPool(teamId);
			if (!members.roundRobin() || members.anyCapacity()) {
				return Ahead.UNDECIDED;
			}
			if (members.available().isEmpty()) {
				return new Ahead(true, null);
			}
			String pool = pool(teamId);
			UUID[] ordered = members.available().stream().sorted(USER_ORDER).toArray(UUID[]::new);
			Optional<UUID> next = advance(pool, ordered);
			if (next.isEmpty()) {
				createCursor(pool);
				next = advance(pool, ordered);
			}
			return new Ahead(true, next.orElseThrow());
		});
	}

	/**
	 * Moves the cursor to the first of {@code ordered} after the rep it last served,
	 * wrapping around, in one statement (the order is PostgreSQL's uuid order, which
	 * {@link #USER_ORDER} follows); empty when the pool has no cursor yet.
	 */
	private Optional<UUID> advance(String pool, UUID[] ordered) {
		return this.jdbc.sql("""
				update routing_cursor c set last_user_id = coalesce(
				    (select u from unnest(?::uuid[]) u where u > c.last_user_id order by u limit 1),
				    (select u from unnest(?::uuid[]) u order by u limit 1))
				where c.org_id = ? and c.pool = ?
				returning c.last_user_id""")
			.params(ordered, ordered, Tenancy.orgId(), pool)
			.query((rs, n) -> rs.getObject(1, UUID.class))
			.optional();
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

	/**
	 * The organisation's routing strategy and the pool's available members with whether
	 * any has a capacity, in one statement: what {@link #pickAhead} needs to tell whether
	 * the cursor alone decides.
	 */
	private Pool roundRobinPool(UUID teamId) {
		String members = members(teamId);
		var query = this.jdbc.sql("select o.routing_strategy, c.user_id, c.capacity from organization o left join ("
				+ members + ") c on true where o.org_id = ?");
		if (teamId != null) {
			query = query.param(teamId);
		}
		List<Object[]> rows = query.param(Tenancy.orgId())
			.param(Tenancy.orgId())
			.query((rs, n) -> new Object[] { rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3) })
			.list();
		boolean roundRobin = !rows.isEmpty() && SalesSettings.RoutingStrategy
			.valueOf((String) rows.get(0)[0]) == SalesSettings.RoutingStrategy.ROUND_ROBIN;
		List<UUID> available = rows.stream().filter((row) -> row[1] != null).map((row) -> (UUID) row[1]).toList();
		boolean anyCapacity = rows.stream().anyMatch((row) -> row[2] != null);
		return new Pool(roundRobin, available, anyCapacity);
	}

	private record Pool(boolean roundRobin, List<UUID> available, boolean anyCapacity) {
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

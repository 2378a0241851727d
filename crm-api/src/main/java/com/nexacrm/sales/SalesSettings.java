package com.nexacrm.sales;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.database.TransactionScoped;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The organisation's automation settings: how leads are routed, the qualification SLA and
 * its working week; each member's absence and capacity; what each stage triggers.
 */
@Repository
class SalesSettings {

	private final JdbcClient jdbc;

	SalesSettings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Settings get() {
		return TransactionScoped.get(List.of("sales_settings", Tenancy.orgId()),
				() -> this.jdbc.sql("""
						select routing_strategy, qualification_sla_hours, business_day_start, business_day_end,
						       business_days, time_zone
						from organization where org_id = ?""")
					.param(Tenancy.orgId())
					.query((rs, n) -> new Settings(RoutingStrategy.valueOf(rs.getString(1)), rs.getInt(2),
							rs.getObject(3, LocalTime.class), rs.getObject(4, LocalTime.class), days(rs.getArray(5)),
							rs.getString(6)))
					.single());
	}

	void update(Settings settings) {
		TransactionScoped.forget();
		this.jdbc.sql("""
				update organization set routing_strategy = ?, qualification_sla_hours = ?, business_day_start = ?,
				       business_day_end = ?, business_days = ?::int[], time_zone = ?
				where org_id = ?""")
			.params(settings.routingStrategy().name(), settings.qualificationSlaHours(), settings.businessDayStart(),
					settings.businessDayEnd(),
					settings.businessDays().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")),
					settings.timeZone(), Tenancy.orgId())
			.update();
	}

	BusinessHours businessHours() {
		Settings settings = get();
		return new BusinessHours(ZoneId.of(settings.timeZone()), settings.businessDayStart(), settings.businessDayEnd(),
				settings.businessDays().stream().map(DayOfWeek::of).collect(Collectors.toSet()));
	}

	List<Availability> availability() {
		return this.jdbc.sql("""
				select m.user_id, m.absent, m.capacity,
				       (select count(*) from lead l where l.org_id = m.org_id and l.owner_id = m.user_id
				                                     and l.status in ('NEW', 'WORKING')) as open_leads
				from membership m where m.org_id = ? order by m.created_at, m.user_id""")
			.param(Tenancy.orgId())
			.query((rs, n) -> availability(rs))
			.list();
	}

	Availability setAvailability(UUID userId, boolean absent, Integer capacity) {
		int updated = this.jdbc.sql("update membership set absent = ?, capacity = ? where org_id = ? and user_id = ?")
			.params(absent, capacity, Tenancy.orgId(), userId)
			.update();
		if (updated == 0) {
			throw ApiProblem.notFound("Member");
		}
		return availability().stream().filter((a) -> a.userId().equals(userId)).findFirst().orElseThrow();
	}

	Optional<StageAutomation> automation(UUID stageId) {
		return this.jdbc.sql("""
				select task_title, task_due_days, email_template, notify_owner
				from stage_automation where org_id = ? and stage_id = ?""")
			.params(Tenancy.orgId(), stageId)
			.query((rs, n) -> new StageAutomation(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
					rs.getBoolean(4)))
			.optional();
	}

	void saveAutomation(UUID stageId, StageAutomation automation) {
		this.jdbc
			.sql("""
					insert into stage_automation (org_id, stage_id, task_title, task_due_days, email_template, notify_owner)
					values (?, ?, ?, ?, ?, ?)
					on conflict (org_id, stage_id) do update
					set task_title = excluded.task_title, task_due_days = excluded.task_due_days,
					    email_template = excluded.email_template, notify_owner = excluded.notify_owner, updated_at = now()""")
			.params(Tenancy.orgId(), stageId, automation.taskTitle(), automation.taskDueDays(),
					automation.emailTemplate(), automation.notifyOwner())
			.update();
	}

	private static Availability availability(ResultSet rs) throws SQLException {
		return new Availability(rs.getObject(1, UUID.class), rs.getBoolean(2), (Integer) rs.getObject(3),
				rs.getLong(4));
	}

	private static List<Integer> days(Array array) throws SQLException {
		return Arrays.stream((Integer[]) array.getArray()).sorted().toList();
	}

	enum RoutingStrategy {

		/** The next rep after the last one who got a lead, in a fixed order. */
		ROUND_ROBIN,

		/** The rep with the fewest open leads (ties: round-robin). */
		LEAST_LOADED

	}

	/**
	 * @param businessDays ISO days of the week, 1 = Monday … 7 = Sunday
	 */
	record Settings(RoutingStrategy routingStrategy, int qualificationSlaHours, LocalTime businessDayStart,
			LocalTime businessDayEnd, List<Integer> businessDays, String timeZone) {
	}

	/**
	 * @param capacity the most open leads the rep takes from routing; {@code null}: no
	 * limit
	 */
	record Availability(UUID userId, boolean absent, Integer capacity, long openLeads) {
	}

	/**
	 * What a deal entering the stage triggers; every part is optional.
	 *
	 * @param taskTitle a task for the deal's owner with this title
	 * @param taskDueDays the task is due this many days later
	 * @param emailTemplate an email to the deal's owner
	 * @param notifyOwner a notice on the deal's timeline for the owner
	 */
	record StageAutomation(String taskTitle, Integer taskDueDays, String emailTemplate, boolean notifyOwner) {
	}

}

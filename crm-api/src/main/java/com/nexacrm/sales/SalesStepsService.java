package com.nexacrm.sales;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.lead.LeadConversion;
import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.record.Activities;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.task.Tasks;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.email.Mailer;
import com.nexacrm.workers.sales.SalesSteps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CRM side of lead-to-close. Each step runs in one transaction with its
 * {@link JobEffects} key, so a job delivered twice changes nothing the second time.
 */
@Service
class SalesStepsService implements SalesSteps {

	/** Sent as the rotting threshold of a stage that has none (the model needs one). */
	static final String NEVER_ROTS = "P365D";

	private final JobEffects effects;

	private final LeadRouting routing;

	private final Records records;

	private final Activities activities;

	private final Tasks tasks;

	private final LeadConversion conversion;

	private final Pipelines pipelines;

	private final SalesSettings settings;

	private final Mailer mailer;

	private final InstanceBindings bindings;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	SalesStepsService(JobEffects effects, LeadRouting routing, Records records, Activities activities, Tasks tasks,
			LeadConversion conversion, Pipelines pipelines, SalesSettings settings, Mailer mailer,
			InstanceBindings bindings, JdbcClient jdbc, TransactionTemplate transactions) {
		this.effects = effects;
		this.routing = routing;
		this.records = records;
		this.activities = activities;
		this.tasks = tasks;
		this.conversion = conversion;
		this.pipelines = pipelines;
		this.settings = settings;
		this.mailer = mailer;
		this.bindings = bindings;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Not one transaction: for plain round-robin the rep is chosen in a short one first
	 * ({@link LeadRouting#pickAhead}), so routings of a pool do not wait on each other
	 * for the whole assignment.
	 */
	@Override
	public Optional<UUID> routeLead(UUID leadId, UUID teamId, String key) {
		LeadRouting.Ahead ahead = this.routing.pickAhead(teamId);
		Routed routed = this.transactions.execute((status) -> this.effects.once(key, leadSchema(), leadId, (found) -> {
			Map<String, Object> lead = found.orElseThrow(() -> unavailable(RecordType.LEAD, leadId));
			Optional<UUID> owner = ahead.decided() ? Optional.ofNullable(ahead.ownerId()) : this.routing.pick(teamId);
			owner.ifPresent((userId) -> {
				Map<String, Object> change = new HashMap<>();
				change.put("ownerId", userId.toString());
				if ("NEW".equals(lead.get("status"))) {
					change.put("status", "WORKING");
				}
				this.records.update(RecordType.LEAD, lead, change);
				this.activities.add(RecordType.LEAD, leadId, Activities.Kind.SYSTEM, "Assigned by lead routing", null,
						Map.of("ownerId", userId), null);
			});
			return new Routed(owner.orElse(null));
		}, () -> new Routed((UUID) lead(leadId).get("ownerId"))));
		return Optional.ofNullable(routed.ownerId());
	}

	@Override
	@Transactional
	public int scoreLead(UUID leadId, String key) {
		int scored = this.effects.once(key, leadSchema(), leadId, (found) -> {
			Map<String, Object> lead = found.orElseThrow(() -> unavailable(RecordType.LEAD, leadId));
			int score = LeadScore.of(lead);
			this.records.update(RecordType.LEAD, lead, Map.of("score", score));
			return score;
		}, () -> {
			Map<String, Object> lead = lead(leadId);
			// cleared by hand since: the score the lead would get, without writing it
			return (lead.get("score") != null) ? (Integer) lead.get("score") : LeadScore.of(lead);
		});
		return scored;
	}

	@Override
	@Transactional
	public void escalateOverdueLead(UUID leadId, UUID teamId, UUID ownerUserId, String key) {
		this.effects.once(key, Boolean.class, () -> {
			Map<String, Object> lead = lead(leadId);
			List<UUID> managers = managers(teamId);
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
			for (UUID manager : managers) {
				this.tasks.create("Overdue qualification: " + lead.get("name"),
						"The qualification SLA of this lead has passed. Follow up with its owner.", now, manager,
						"HIGH", "lead", leadId);
			}
			this.activities.add(RecordType.LEAD, leadId, Activities.Kind.SYSTEM,
					"Qualification overdue: escalated to managers", null,
					Map.of("managers", managers, "ownerId", String.valueOf(ownerUserId)), null);
			return true;
		});
	}

	@Override
	@Transactional
	public void recordDisqualification(UUID leadId, String reason, String key) {
		this.effects.once(key, Boolean.class, () -> {
			Map<String, Object> lead = lead(leadId);
			Map<String, Object> change = new HashMap<>();
			change.put("status", "DISQUALIFIED");
			change.put("disqualifyReason", (reason == null || reason.isBlank()) ? null : reason.strip());
			this.records.update(RecordType.LEAD, lead, change);
			this.activities.add(RecordType.LEAD, leadId, Activities.Kind.SYSTEM, "Disqualified", reason, Map.of(),
					null);
			return true;
		});
	}

	@Override
	@Transactional
	public StageEntry convertLead(UUID leadId, UUID ownerUserId, String key) {
		return this.effects.once(key, StageEntry.class, () -> {
			Map<String, Object> lead = lead(leadId);
			UUID dealId;
			if ("CONVERTED".equals(lead.get("status")) && lead.get("convertedDealId") != null) {
				dealId = (UUID) lead.get("convertedDealId");
			}
			else {
				if (ownerUserId != null && lead.get("ownerId") == null) {
					this.records.update(RecordType.LEAD, leadId, Map.of("ownerId", ownerUserId.toString()), null);
				}
				var converted = this.conversion.convert(leadId,
						new LeadConversion.ConvertRequest(null, null, null, null, null));
				@SuppressWarnings("unchecked")
				Map<String, Object> deal = (Map<String, Object>) converted.get("deal");
				dealId = (UUID) deal.get("id");
			}
			// from now on the instance is about the deal: its process, not a new one
			this.bindings.rebind("lead:" + leadId, "deal:" + dealId);
			return stageEntry(dealId);
		});
	}

	@Override
	@Transactional
	public void runStageAutomation(UUID dealId, UUID stageId, String key) {
		this.effects.once(key, Boolean.class, () -> {
			Map<String, Object> deal = deal(dealId);
			UUID owner = (UUID) deal.get("ownerId");
			Optional<SalesSettings.StageAutomation> configured = this.settings.automation(stageId);
			if (configured.isEmpty()) {
				return false;
			}
			SalesSettings.StageAutomation automation = configured.get();
			String stageName = this.pipelines.stage(stageId).map(Pipelines.Stage::name).orElse("the stage");
			if (automation.taskTitle() != null) {
				int dueDays = (automation.taskDueDays() != null) ? automation.taskDueDays() : 0;
				this.tasks.create(automation.taskTitle(), "Deal " + deal.get("title") + " entered " + stageName,
						OffsetDateTime.now(ZoneOffset.UTC).plusDays(dueDays), owner, "NORMAL", "deal", dealId);
			}
			if (automation.emailTemplate() != null && owner != null) {
				try {
					this.mailer.sendTemplate(automation.emailTemplate(), owner, key + ":email");
				}
				catch (Mailer.RecipientUnknown ex) {
					this.activities.add(RecordType.DEAL, dealId, Activities.Kind.SYSTEM,
							"Stage email skipped: the owner is not a member", null, Map.of(), null);
				}
			}
			if (automation.notifyOwner()) {
				this.activities.add(RecordType.DEAL, dealId, Activities.Kind.SYSTEM, "Stage reached: " + stageName,
						"The owner was notified.", Map.of("notify", String.valueOf(owner), "stageId", stageId), null);
			}
			return true;
		});
	}

	@Override
	@Transactional
	public boolean notifyRottingDeal(UUID dealId, Duration rotDuration, String key) {
		Boolean notified = this.effects.once(key, Boolean.class, () -> {
			Map<String, Object> deal = deal(dealId);
			OffsetDateTime lastActivity = (OffsetDateTime) Optional.ofNullable(deal.get("lastActivityAt"))
				.orElse(deal.get("stageEnteredAt"));
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
			if (lastActivity != null && lastActivity.plus(rotDuration).isAfter(now)) {
				return false;
			}
			long days = rotDuration.toDays();
			this.tasks.create("Deal is going stale: " + deal.get("title"),
					"No activity for " + days + " days in this stage. Follow up or move it.", now,
					(UUID) deal.get("ownerId"), "HIGH", "deal", dealId);
			this.activities.add(RecordType.DEAL, dealId, Activities.Kind.SYSTEM,
					"Rotting: no activity for " + days + " days", null, Map.of(), null);
			return true;
		});
		return Boolean.TRUE.equals(notified);
	}

	@Override
	@Transactional
	public void handOffDeal(UUID dealId, String key) {
		this.effects.once(key, Boolean.class, () -> {
			Map<String, Object> deal = deal(dealId);
			this.tasks.create("Hand off: " + deal.get("title"),
					"The deal is won. Introduce the customer to delivery and share the notes.",
					OffsetDateTime.now(ZoneOffset.UTC).plusDays(2), (UUID) deal.get("ownerId"), "HIGH", "deal", dealId);
			this.activities.add(RecordType.DEAL, dealId, Activities.Kind.SYSTEM, "Handed off", null, Map.of(), null);
			return true;
		});
	}

	/** The stage the deal is in now, as the process needs it. */
	StageEntry stageEntry(UUID dealId) {
		Map<String, Object> deal = deal(dealId);
		UUID stageId = (UUID) deal.get("stageId");
		Pipelines.Stage stage = this.pipelines.stage(stageId)
			.orElseThrow(() -> new RecordUnavailable("The deal's stage " + stageId + " is gone"));
		return new StageEntry(dealId, stageId, stage.kind().name(), rotDuration(stage));
	}

	static String rotDuration(Pipelines.Stage stage) {
		return (stage.rottingDays() != null) ? "P" + stage.rottingDays() + "D" : NEVER_ROTS;
	}

	private List<UUID> managers(UUID teamId) {
		String sql = (teamId != null) ? """
				select m.user_id from membership m
				join team_member tm on tm.org_id = m.org_id and tm.user_id = m.user_id and tm.team_id = ?
				where m.org_id = ? and m.role in ('MANAGER', 'ADMIN', 'OWNER') order by m.created_at"""
				: "select user_id from membership where org_id = ? and role in ('MANAGER', 'ADMIN', 'OWNER')"
						+ " order by case role when 'MANAGER' then 0 else 1 end, created_at";
		var query = this.jdbc.sql(sql);
		if (teamId != null) {
			query = query.param(teamId);
		}
		List<UUID> managers = query.param(Tenancy.orgId()).query(UUID.class).list();
		if (managers.isEmpty() && teamId != null) {
			return managers(null);
		}
		return managers.isEmpty() ? managers : List.of(managers.get(0));
	}

	private Map<String, Object> lead(UUID leadId) {
		return find(RecordType.LEAD, leadId);
	}

	private Map<String, Object> deal(UUID dealId) {
		return find(RecordType.DEAL, dealId);
	}

	private Map<String, Object> find(RecordType type, UUID id) {
		try {
			return this.records.get(type, id);
		}
		catch (ApiProblem ex) {
			throw unavailable(type, id);
		}
	}

	private RecordSchemas.Schema leadSchema() {
		return this.records.schema(RecordType.LEAD);
	}

	private static RecordUnavailable unavailable(RecordType type, UUID id) {
		return new RecordUnavailable("The " + type.name().toLowerCase(Locale.ROOT) + " " + id
				+ " does not exist (any more) in this organisation");
	}

	record Routed(UUID ownerId) {
	}

}

package com.nexacrm.sales;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import com.nexacrm.process.ProcessStarter;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.workers.sales.SalesSteps;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the lead-to-close instance of a lead or deal, where the record stands: a new
 * lead at the start (routing), a lead that already has an owner at scoring (or, when it
 * was scored, at its qualification task), a deal at its stage's automation (new) or
 * waiting in its stage (brought back after a restart). See docs/processes.md, "Bringing
 * an instance back".
 */
@Component
class LeadToClose {

	static final String PROCESS_ID = "lead-to-close";

	private final ProcessStarter starter;

	private final Records records;

	private final SalesSettings settings;

	private final SalesStepsService steps;

	private final InstanceBindings bindings;

	private final TransactionTemplate transactions;

	LeadToClose(ProcessStarter starter, Records records, SalesSettings settings, SalesStepsService steps,
			InstanceBindings bindings, TransactionTemplate transactions) {
		this.starter = starter;
		this.records = records;
		this.settings = settings;
		this.steps = steps;
		this.bindings = bindings;
		this.transactions = transactions;

	}

	/**
	 * Starts the record's instance unless it already has one in this engine epoch or is
	 * no longer open. Runs in the record's organisation.
	 * @return the new instance's key, or empty when none was needed
	 */
	Optional<Long> startIfUncontrolled(RecordType type, UUID recordId, boolean resume) {
		Optional<Start> start = this.transactions.execute((status) -> plan(type, recordId, resume));
		return start.map(
				(s) -> this.starter.start(s.definition(), PROCESS_ID, s.businessKey(), s.variables(), s.startBefore()));
	}

	private Optional<Start> plan(RecordType type, UUID recordId, boolean resume) {
		String businessKey = type.key() + ":" + recordId;
		if (this.bindings.controlled(businessKey)) {
			return Optional.empty();
		}
		Optional<Map<String, Object>> record = this.records.find(this.records.schema(type), recordId);
		if (record.isEmpty()) {
			return Optional.empty();
		}
		return (type == RecordType.LEAD) ? planLead(record.get(), businessKey)
				: planDeal(record.get(), businessKey, resume);
	}

	private Optional<Start> planLead(Map<String, Object> lead, String businessKey) {
		String status = (String) lead.get("status");
		if (!"NEW".equals(status) && !"WORKING".equals(status)) {
			return Optional.empty();
		}
		Map<String, Object> variables = new HashMap<>(slaVariables());
		variables.put("leadId", lead.get("id").toString());
		UUID owner = (UUID) lead.get("ownerId");
		String startBefore = null;
		if (owner != null) {
			variables.put("ownerUserId", owner.toString());
			startBefore = (lead.get("score") != null) ? "task_qualify_lead" : "task_score_lead";
		}
		return Optional.of(new Start(this.starter.activeDefinition(PROCESS_ID), businessKey, variables, startBefore));
	}

	private Optional<Start> planDeal(Map<String, Object> deal, String businessKey, boolean resume) {
		UUID leadId = (UUID) deal.get("leadId");
		if (leadId != null && this.bindings.controlled("lead:" + leadId)) {
			// converted by hand while its lead's instance still runs: that instance goes
			// on
			return Optional.empty();
		}
		SalesSteps.StageEntry entry = this.steps.stageEntry((UUID) deal.get("id"));
		if (!"OPEN".equals(entry.stageKind())) {
			return Optional.empty();
		}
		Map<String, Object> variables = new HashMap<>();
		variables.put("dealId", entry.dealId().toString());
		variables.put("stageId", entry.stageId().toString());
		variables.put("stageKind", entry.stageKind());
		variables.put("rotDuration", entry.rotDuration());
		if (deal.get("ownerId") != null) {
			variables.put("ownerUserId", deal.get("ownerId").toString());
		}
		if (leadId != null) {
			variables.put("leadId", leadId.toString());
		}
		return Optional.of(new Start(this.starter.activeDefinition(PROCESS_ID), businessKey, variables,
				resume ? "gateway_await_stage_change" : "gateway_stage_entered"));
	}

	/** The qualification SLA from now, in the organisation's business hours. */
	Map<String, Object> slaVariables() {
		int hours = this.settings.get().qualificationSlaHours();
		ZonedDateTime now = ZonedDateTime.now(this.settings.businessHours().zone());
		ZonedDateTime due = this.settings.businessHours().plus(now, hours);
		return Map.of("slaHours", hours, "slaDuration", Duration.between(now, due).withNanos(0).toString(),
				"qualifyDueDate", due.withNano(0).toOffsetDateTime().toString());
	}

	/** What to start, planned in one transaction with the record's read. */
	record Start(OptionalLong definition, String businessKey, Map<String, Object> variables, String startBefore) {
	}

}

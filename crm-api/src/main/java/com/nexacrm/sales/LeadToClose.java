package com.nexacrm.sales;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import com.nexacrm.platform.database.TransactionScoped;
import com.nexacrm.process.ProcessStarter;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.tenant.Tenancy;
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
	 * Plans the instances of some of the current organisation's records in one
	 * transaction: a record that already has an instance in this engine epoch or is no
	 * longer open needs none. Their bindings and leads are read together, the settings
	 * and the active definition once, where planning record by record took a transaction
	 * and five statements per record.
	 * @return what to start for each record, in the order given
	 */
	List<Optional<Start>> plan(List<Wanted> wanted) {
		return this.transactions.execute((status) -> {
			Set<String> controlled = this.bindings.controlledAmong(wanted.stream().map(Wanted::businessKey).toList());
			// A deal queued to start from its stage's entry whose instance ran before the
			// engine restarted: its queue row outlived the start (rows of finished starts
			// are deleted in batches) and the restart. Its stage automation ran then, so
			// it is brought back where it stands, as the recovery brings back every other
			// open deal, instead of running that automation a second time.
			List<String> fromEntry = wanted.stream()
				.filter((w) -> w.type() == RecordType.DEAL && !w.resume() && !controlled.contains(w.businessKey()))
				.map(Wanted::businessKey)
				.toList();
			Set<String> ranBefore = fromEntry.isEmpty() ? Set.of() : this.bindings.boundBeforeAmong(fromEntry);
			List<UUID> leadIds = wanted.stream()
				.filter((w) -> w.type() == RecordType.LEAD && !controlled.contains(w.businessKey()))
				.map(Wanted::recordId)
				.toList();
			Map<UUID, Map<String, Object>> leads = leadIds.isEmpty() ? Map.of()
					: this.records.findAll(this.records.schema(RecordType.LEAD), leadIds);
			List<Optional<Start>> starts = new ArrayList<>(wanted.size());
			for (Wanted w : wanted) {
				if (controlled.contains(w.businessKey())) {
					starts.add(Optional.empty());
				}
				else if (w.type() == RecordType.LEAD) {
					Map<String, Object> lead = leads.get(w.recordId());
					starts.add((lead != null) ? planLead(lead, w.businessKey()) : Optional.empty());
				}
				else {
					starts.add(this.records.find(this.records.schema(RecordType.DEAL), w.recordId())
						.flatMap((deal) -> planDeal(deal, w.businessKey(),
								w.resume() || ranBefore.contains(w.businessKey()))));
				}
			}
			return starts;
		});
	}

	/**
	 * Starts what {@link #plan} planned, in the record's organisation.
	 * @return the new instance's key
	 */
	long start(Start start) {
		return this.starter.start(start.definition(), PROCESS_ID, start.businessKey(), start.variables(),
				start.startBefore());
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
		return Optional.of(new Start(activeDefinition(), businessKey, variables, startBefore));
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
		return Optional.of(new Start(activeDefinition(), businessKey, variables,
				resume ? "gateway_await_stage_change" : "gateway_stage_entered"));
	}

	/** The organisation's active definition, read once per transaction (per plan). */
	private OptionalLong activeDefinition() {
		return TransactionScoped.get(List.of("active_definition", PROCESS_ID, Tenancy.orgId()),
				() -> this.starter.activeDefinition(PROCESS_ID));
	}

	/** The qualification SLA from now, in the organisation's business hours. */
	Map<String, Object> slaVariables() {
		int hours = this.settings.get().qualificationSlaHours();
		ZonedDateTime now = ZonedDateTime.now(this.settings.businessHours().zone());
		ZonedDateTime due = this.settings.businessHours().plus(now, hours);
		return Map.of("slaHours", hours, "slaDuration", Duration.between(now, due).withNanos(0).toString(),
				"qualifyDueDate", due.withNano(0).toOffsetDateTime().toString());
	}

	/**
	 * A record whose instance is wanted; {@code resume} to bring it back where it stands.
	 */
	record Wanted(RecordType type, UUID recordId, boolean resume) {

		String businessKey() {
			return this.type.key() + ":" + this.recordId;
		}

	}

	/** What to start, planned in one transaction with the record's read. */
	record Start(OptionalLong definition, String businessKey, Map<String, Object> variables, String startBefore) {
	}

}

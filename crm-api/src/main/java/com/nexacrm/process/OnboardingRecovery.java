package com.nexacrm.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.organization.ChecklistKeys;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings an organisation's onboarding back after an embedded-engine restart, when its
 * instance was still running (the monitor's projection says so): at the checklist when
 * the welcome went out (no second welcome), then the messages of the items already done,
 * so only the open items come back as tasks (docs/processes.md, onboarding, "Bringing an
 * instance back"). Skipped when the organisation already has one in this epoch.
 */
@Component
class OnboardingRecovery {

	private static final Logger log = LoggerFactory.getLogger(OnboardingRecovery.class);

	private final JdbcClient jdbc;

	private final ProcessStarter starter;

	private final OnboardingChecklist checklist;

	private final ChecklistKeys checklistKeys;

	private final TransactionTemplate transactions;

	private final String epoch;

	private final boolean enabled;

	OnboardingRecovery(JdbcClient jdbc, ProcessStarter starter, OnboardingChecklist checklist,
			ChecklistKeys checklistKeys, TransactionTemplate transactions, EngineEpoch epoch,
			@Value("${nexacrm.automation.recover-on-start:true}") boolean enabled) {
		this.jdbc = jdbc;
		this.starter = starter;
		this.checklist = checklist;
		this.checklistKeys = checklistKeys;
		this.transactions = transactions;
		this.epoch = epoch.value();
		this.enabled = enabled;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		if (this.enabled) {
			recover();
		}
	}

	int recover() {
		List<UUID> orgs = this.jdbc.sql("""
				select distinct org_id from process_instance_owner
				where engine_epoch <> ? and bpmn_process_id = ? and org_id is not null order by org_id""")
			.params(this.epoch, Onboarding.PROCESS_ID)
			.query(UUID.class)
			.list();
		int recovered = 0;
		for (UUID orgId : orgs) {
			try {
				if (Tenancy.run(TenantContext.system(orgId), () -> recover(orgId))) {
					recovered++;
				}
			}
			catch (RuntimeException ex) {
				log.error("Could not bring the onboarding of an organisation back", ex);
			}
		}
		if (recovered > 0) {
			log.info("Brought the onboarding of {} organisations back", recovered);
		}
		return recovered;
	}

	private boolean recover(UUID orgId) {
		Optional<Plan> plan = this.transactions.execute((status) -> plan(orgId));
		if (plan.isEmpty()) {
			return false;
		}
		String checklistKey = plan.get().checklistKey();
		Map<String, Object> variables = new HashMap<>();
		variables.put("ownerUserId", plan.get().ownerUserId().toString());
		variables.put("checklistKey", checklistKey);
		this.starter.start(Onboarding.PROCESS_ID, "org:" + orgId, variables,
				plan.get().welcomed() ? "subprocess_checklist" : null);
		plan.get().itemsDone().forEach((message) -> this.checklist.publish(message, checklistKey, ":" + this.epoch));
		return true;
	}

	private Optional<Plan> plan(UUID orgId) {
		boolean running = exists("""
				select 1 from process_instance_owner
				where engine_epoch = ? and org_id = ? and bpmn_process_id = ?""", this.epoch, orgId,
				Onboarding.PROCESS_ID);
		boolean wasOpen = exists("""
				select 1 from process_instance
				where org_id = ? and engine_epoch <> ? and bpmn_process_id like 'onboarding%' and state = 'ACTIVE'""",
				orgId, this.epoch);
		if (running || !wasOpen) {
			return Optional.empty();
		}
		Optional<UUID> owner = this.jdbc
			.sql("select user_id from membership where org_id = ? and role = 'OWNER' order by created_at limit 1")
			.param(orgId)
			.query(UUID.class)
			.optional();
		if (owner.isEmpty()) {
			return Optional.empty();
		}
		boolean welcomed = exists("select 1 from email_outbox where org_id = ? and template = 'welcome'", orgId);
		List<String> done = new ArrayList<>();
		if (exists("select 1 from invitation where org_id = ?", orgId)) {
			done.add("checklist-team-invited");
		}
		if (exists("select 1 from import_job where org_id = ? and status = 'COMPLETED'", orgId)) {
			done.add("checklist-data-imported");
		}
		if (exists(
				"select 1 from audit_log where org_id = ? and entity in ('pipeline', 'stage') and action <> 'deleted'",
				orgId)) {
			done.add("checklist-pipeline-set-up");
		}
		if (exists("select 1 from slack_connection where org_id = ?", orgId)) {
			done.add("checklist-slack-connected");
		}
		return Optional.of(new Plan(owner.get(), welcomed, done, this.checklistKeys.of(orgId)));
	}

	private boolean exists(String sql, Object... params) {
		return this.jdbc.sql("select exists (" + sql + ")").params(params).query(Boolean.class).single();
	}

	record Plan(UUID ownerUserId, boolean welcomed, List<String> itemsDone, String checklistKey) {
	}

}

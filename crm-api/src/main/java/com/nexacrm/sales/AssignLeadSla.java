package com.nexacrm.sales;

import java.util.Map;

import com.nexacrm.task.TaskFormDefaults;

import org.springframework.stereotype.Component;

/**
 * The qualification SLA counts from when a lead has an owner. A lead no rep could take
 * waits for a manager's <em>Assign lead</em> task; when the manager assigns it without
 * choosing a deadline, the SLA starts again from that moment (in the organisation's
 * business hours) instead of keeping the one computed when the lead arrived, which may
 * have run out while nobody owned it.
 */
@Component
class AssignLeadSla implements TaskFormDefaults {

	static final String FORM = "assign-lead";

	private final LeadToClose leadToClose;

	AssignLeadSla(LeadToClose leadToClose) {
		this.leadToClose = leadToClose;
	}

	@Override
	public Map<String, Object> defaultsFor(String formKey) {
		if (!FORM.equals(formKey)) {
			return Map.of();
		}
		Map<String, Object> sla = this.leadToClose.slaVariables();
		return Map.of("slaDuration", sla.get("slaDuration"), "qualifyDueDate", sla.get("qualifyDueDate"));
	}

}

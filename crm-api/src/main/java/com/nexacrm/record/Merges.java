package com.nexacrm.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Merges a duplicate into the record that stays: empty fields of the survivor are filled
 * from the duplicate, tags and custom values are combined, and everything that pointed at
 * the duplicate (timeline, tasks, deals, contacts) now points at the survivor. The
 * duplicate is then deleted; the audit log of both says what happened.
 */
@Component
public class Merges {

	/** Columns of other tables that refer to a record of the type. */
	private static final Map<RecordType, List<String[]>> REFERENCES = Map.of(RecordType.COMPANY,
			List.<String[]>of(new String[] { "contact", "company_id" }, new String[] { "deal", "company_id" }),
			RecordType.CONTACT, List.<String[]>of(new String[] { "deal", "contact_id" }), RecordType.LEAD, List.of(),
			RecordType.DEAL, List.of());

	private final JdbcTemplate jdbc;

	private final Records records;

	private final Activities activities;

	private final AuditLog audit;

	Merges(JdbcTemplate jdbc, Records records, Activities activities, AuditLog audit) {
		this.jdbc = jdbc;
		this.records = records;
		this.activities = activities;
		this.audit = audit;
	}

	public Map<String, Object> merge(RecordType type, UUID survivorId, UUID duplicateId) {
		if (survivorId.equals(duplicateId)) {
			throw new ApiProblem(ProblemType.VALIDATION, "A record cannot be merged into itself");
		}
		if (type == RecordType.DEAL) {
			throw new ApiProblem(ProblemType.VALIDATION, "Deals are not merged; close the duplicate as lost instead");
		}
		Map<String, Object> survivor = this.records.get(type, survivorId);
		Map<String, Object> duplicate = this.records.get(type, duplicateId);
		UUID org = Tenancy.orgId();
		for (String[] reference : REFERENCES.get(type)) {
			this.jdbc.update("update " + reference[0] + " set " + reference[1] + " = ? where org_id = ? and "
					+ reference[1] + " = ?", survivorId, org, duplicateId);
		}
		this.jdbc.update("update task set record_id = ? where org_id = ? and record_type = ? and record_id = ?",
				survivorId, org, type.key(), duplicateId);
		int moved = this.activities.reassign(type, duplicateId, survivorId);
		Map<String, Object> fill = new LinkedHashMap<>();
		RecordSchemas.Schema schema = this.records.schema(type);
		for (Field field : schema.fields()) {
			if (!field.writable() || field.custom() || field.type() == FieldType.TAGS) {
				continue;
			}
			Object mine = survivor.get(field.name());
			Object theirs = duplicate.get(field.name());
			if ((mine == null || "".equals(mine)) && theirs != null) {
				fill.put(field.name(), theirs.toString());
			}
		}
		java.util.Set<Object> tags = new java.util.LinkedHashSet<>((List<?>) survivor.get("tags"));
		tags.addAll((List<?>) duplicate.get("tags"));
		fill.put("tags", List.copyOf(tags));
		Map<String, Object> custom = new LinkedHashMap<>((Map<String, Object>) duplicate.get("custom"));
		custom.putAll((Map<String, Object>) survivor.get("custom"));
		custom.keySet().removeIf((key) -> schema.field("custom." + key).isEmpty());
		fill.put("custom", custom);
		this.jdbc.update("delete from " + type.table() + " where org_id = ? and " + type.idColumn() + " = ?", org,
				duplicateId);
		Map<String, Object> merged = this.records.update(type, survivorId, fill, null);
		this.audit.record(type.key(), survivorId, "merged", Map.of("mergedId", duplicateId, "activitiesMoved", moved));
		this.audit.record(type.key(), duplicateId, "merged-into", Map.of("survivorId", survivorId));
		return merged;
	}

}

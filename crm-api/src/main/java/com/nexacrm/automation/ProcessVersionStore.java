package com.nexacrm.automation;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The organisation's process versions, which one is active, and their engine definitions
 * per engine epoch. Every query runs under row-level security for the current
 * organisation; the org id in the statements only helps the planner.
 */
@Repository
class ProcessVersionStore {

	private static final String VERSION_COLUMNS = """
			v.version_id, v.bpmn_process_id, v.version, v.sha256, v.size_bytes, v.created_by_user_id,
			v.created_by_key_id, v.created_at, (d.active_version_id = v.version_id) as active""";

	private final JdbcClient jdbc;

	ProcessVersionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StoredVersion> active(String processId) {
		return this.jdbc.sql("""
				select %s, v.xml from process_design d
				join process_version v on v.org_id = d.org_id and v.version_id = d.active_version_id
				where d.org_id = ? and d.bpmn_process_id = ?""".formatted(VERSION_COLUMNS))
			.params(Tenancy.orgId(), processId)
			.query(ProcessVersionStore::stored)
			.optional();
	}

	Optional<StoredVersion> find(UUID versionId) {
		return this.jdbc.sql("""
				select %s, v.xml from process_version v
				left join process_design d on d.org_id = v.org_id and d.bpmn_process_id = v.bpmn_process_id
				where v.org_id = ? and v.version_id = ?""".formatted(VERSION_COLUMNS))
			.params(Tenancy.orgId(), versionId)
			.query(ProcessVersionStore::stored)
			.optional();
	}

	List<VersionView> versions(String processId) {
		return this.jdbc.sql("""
				select %s from process_version v
				left join process_design d on d.org_id = v.org_id and d.bpmn_process_id = v.bpmn_process_id
				where v.org_id = ? and v.bpmn_process_id = ? order by v.version desc""".formatted(VERSION_COLUMNS))
			.params(Tenancy.orgId(), processId)
			.query((rs, n) -> view(rs))
			.list();
	}

	/** Number of stored versions per process. */
	Map<String, Integer> versionCounts() {
		return this.jdbc
			.sql("select bpmn_process_id, count(*)::int from process_version where org_id = ? group by bpmn_process_id")
			.params(Tenancy.orgId())
			.query((rs) -> {
				var counts = new java.util.HashMap<String, Integer>();
				while (rs.next()) {
					counts.put(rs.getString(1), rs.getInt(2));
				}
				return counts;
			});
	}

	/**
	 * Stores a new version with the next number for its process; a concurrent upload of
	 * the same number fails on the unique key.
	 */
	VersionView insert(String processId, byte[] xml, String sha256) {
		TenantContext actor = Tenancy.current();
		UUID versionId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into process_version (org_id, version_id, bpmn_process_id, version, xml, sha256, size_bytes,
				    created_by_user_id, created_by_key_id)
				select ?, ?, ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?
				from process_version where org_id = ? and bpmn_process_id = ?""")
			.params(actor.orgId(), versionId, processId, new String(xml, StandardCharsets.UTF_8), sha256, xml.length,
					actor.userId(), actor.apiKeyId(), actor.orgId(), processId)
			.update();
		return find(versionId).orElseThrow().view();
	}

	/** Makes the version the active one of its process; returns the one it replaces. */
	Optional<UUID> activate(String processId, UUID versionId) {
		UUID orgId = Tenancy.orgId();
		Optional<UUID> previous = this.jdbc
			.sql("select active_version_id from process_design where org_id = ? and bpmn_process_id = ? for update")
			.params(orgId, processId)
			.query(UUID.class)
			.optional();
		this.jdbc.sql("""
				insert into process_design (org_id, bpmn_process_id, active_version_id) values (?, ?, ?)
				on conflict (org_id, bpmn_process_id)
				do update set active_version_id = excluded.active_version_id, activated_at = now()""")
			.params(orgId, processId, versionId)
			.update();
		this.jdbc.sql("""
				insert into designed_process (org_id, bpmn_process_id) values (?, ?)
				on conflict do nothing""").params(orgId, processId).update();
		return previous;
	}

	OptionalLong definitionKey(UUID versionId, String epoch) {
		return this.jdbc.sql("""
				select process_definition_key from process_version_definition
				where org_id = ? and version_id = ? and engine_epoch = ?""")
			.params(Tenancy.orgId(), versionId, epoch)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElseGet(OptionalLong::empty);
	}

	void recordDefinition(UUID versionId, String epoch, long definitionKey) {
		this.jdbc.sql("""
				insert into process_version_definition (org_id, version_id, engine_epoch, process_definition_key)
				values (?, ?, ?, ?)
				on conflict (org_id, version_id, engine_epoch)
				do update set process_definition_key = excluded.process_definition_key, deployed_at = now()""")
			.params(Tenancy.orgId(), versionId, epoch, definitionKey)
			.update();
	}

	/** Forgets definitions of other engine epochs: those engines are gone. */
	int forgetOtherEpochs(String epoch) {
		return this.jdbc.sql("delete from process_version_definition where org_id = ? and engine_epoch <> ?")
			.params(Tenancy.orgId(), epoch)
			.update();
	}

	/**
	 * Every organisation with an active version of a process: the global routing table,
	 * read before any tenant is known.
	 */
	List<Designed> designedProcesses() {
		return this.jdbc.sql("select org_id, bpmn_process_id from designed_process order by org_id, bpmn_process_id")
			.query((rs, n) -> new Designed(rs.getObject(1, UUID.class), rs.getString(2)))
			.list();
	}

	private static VersionView view(ResultSet rs) throws SQLException {
		return new VersionView(rs.getObject("version_id", UUID.class), rs.getString("bpmn_process_id"),
				rs.getInt("version"), rs.getString("sha256"), rs.getInt("size_bytes"),
				rs.getObject("created_by_user_id", UUID.class), rs.getObject("created_by_key_id", UUID.class),
				rs.getObject("created_at", OffsetDateTime.class), rs.getBoolean("active"));
	}

	private static StoredVersion stored(ResultSet rs, int n) throws SQLException {
		return new StoredVersion(view(rs), rs.getString("xml"));
	}

	/** A version as the API shows it. */
	record VersionView(UUID versionId, String processId, int version, String sha256, int sizeBytes,
			UUID createdByUserId, UUID createdByKeyId, OffsetDateTime createdAt, boolean active) {
	}

	record StoredVersion(VersionView view, String xml) {
	}

	record Designed(UUID orgId, String processId) {
	}

}

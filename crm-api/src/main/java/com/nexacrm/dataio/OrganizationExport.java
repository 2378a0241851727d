package com.nexacrm.dataio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.record.CsvExport;
import com.nexacrm.record.CustomFields;
import com.nexacrm.record.ListRequest;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Visibility;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The whole organisation as one ZIP archive, written while it is read: a CSV file per
 * record type (as the list exports write them), activities, tasks, pipelines with their
 * stages, custom fields and members, and a manifest with the counts. Every cell is
 * neutralised against spreadsheet formulas. Run it in one repeatable-read transaction and
 * the files agree with each other and with the manifest.
 */
@Component
class OrganizationExport {

	static final String FORMAT = "nexacrm-export/1";

	private final CsvExport records;

	private final JdbcTemplate jdbc;

	private final Visibility visibility;

	private final Pipelines pipelines;

	private final CustomFields customFields;

	private final ObjectMapper json;

	OrganizationExport(CsvExport records, JdbcTemplate jdbc, Visibility visibility, Pipelines pipelines,
			CustomFields customFields, ObjectMapper json) {
		this.records = records;
		this.jdbc = jdbc;
		this.visibility = visibility;
		this.pipelines = pipelines;
		this.customFields = customFields;
		this.json = json;
	}

	void write(OutputStream out) throws IOException {
		UUID orgId = Tenancy.orgId();
		ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
		Map<String, Long> counts = new LinkedHashMap<>();
		ListRequest everything = new ListRequest(List.of(), null, null, ListRequest.MAX_LIMIT, null);
		for (RecordType type : List.of(RecordType.COMPANY, RecordType.CONTACT, RecordType.LEAD, RecordType.DEAL)) {
			String name = type.plural() + ".csv";
			zip.putNextEntry(new ZipEntry(name));
			this.records.write(type, everything, zip);
			zip.closeEntry();
			counts.put(name, visibleCount(type));
		}
		counts.put("activities.csv",
				query(zip, "activities.csv",
						List.of("activity_id", "record_type", "record_id", "kind", "subject", "body", "data",
								"actor_id", "occurred_at", "created_at"),
						"""
								select activity_id, record_type, record_id, kind, subject, body, data::text, actor_id, occurred_at,
								       created_at
								from activity where org_id = ? order by occurred_at, activity_id""",
						orgId));
		counts.put("tasks.csv", query(zip, "tasks.csv",
				List.of("task_id", "title", "description", "due_at", "assignee_id", "priority", "status", "record_type",
						"record_id", "created_by", "version", "created_at", "updated_at", "completed_at"),
				"""
						select task_id, title, description, due_at, assignee_id, priority, status, record_type, record_id,
						       created_by, version, created_at, updated_at, completed_at
						from task where org_id = ? order by created_at, task_id""",
				orgId));
		counts.put("pipelines.csv", pipelines(zip));
		counts.put("custom_fields.csv", customFields(zip));
		counts.put("members.csv",
				query(zip, "members.csv", List.of("user_id", "email", "name", "role", "teams", "joined_at"), """
						select m.user_id, u.email, u.display_name as name, m.role,
						       coalesce(string_agg(t.name, ';' order by t.name), '') as teams, m.created_at as joined_at
						from membership m join app_user u on u.user_id = m.user_id
						left join team_member tm on tm.org_id = m.org_id and tm.user_id = m.user_id
						left join team t on t.org_id = tm.org_id and t.team_id = tm.team_id
						where m.org_id = ?
						group by m.user_id, u.email, u.display_name, m.role, m.created_at
						order by u.display_name, m.user_id""", orgId));
		zip.putNextEntry(new ZipEntry("manifest.json"));
		zip.write(manifest(orgId, counts));
		zip.closeEntry();
		zip.finish();
		zip.flush();
	}

	private byte[] manifest(UUID orgId, Map<String, Long> counts) throws JsonProcessingException {
		TenantContext exporter = Tenancy.current();
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("format", FORMAT);
		manifest.put("organization", Map.of("id", orgId, "name",
				this.jdbc.queryForObject("select name from organization where org_id = ?", String.class, orgId)));
		manifest.put("exportedAt", OffsetDateTime.now().toString());
		Map<String, Object> by = new LinkedHashMap<>();
		by.put("userId", exporter.userId());
		by.put("apiKeyId", exporter.apiKeyId());
		manifest.put("exportedBy", by);
		manifest.put("counts", counts);
		manifest.put("notes", List.of("Files (attachments) do not exist in NexaCRM yet, so the archive holds none.",
				"companies, contacts, leads and deals hold the records the exporter may see (owners and admins see "
						+ "all unless the organisation changed their visibility).",
				"Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are "
						+ "prefixed with an apostrophe.",
				"Lists inside a cell (tags, multi-selects, options, teams) are separated by semicolons."));
		return this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
	}

	private long visibleCount(RecordType type) {
		Visibility.Predicate visible = this.visibility.predicate("r.owner_id");
		List<Object> params = new ArrayList<>();
		params.add(Tenancy.orgId());
		params.addAll(visible.params());
		return this.jdbc.queryForObject(
				"select count(*) from " + type.table() + " r where r.org_id = ? and (" + visible.sql() + ")",
				Long.class, params.toArray());
	}

	private long pipelines(ZipOutputStream zip) throws IOException {
		zip.putNextEntry(new ZipEntry("pipelines.csv"));
		CSVPrinter csv = printer(zip);
		csv.printRecord("pipeline_id", "pipeline_name", "pipeline_position", "stage_id", "stage_name", "stage_position",
				"probability", "kind", "rotting_days");
		long rows = 0;
		for (Pipelines.Pipeline pipeline : this.pipelines.list()) {
			if (pipeline.stages().isEmpty()) {
				csv.printRecord(
						safe(pipeline.id(), pipeline.name(), pipeline.position(), null, null, null, null, null, null));
				rows++;
			}
			for (Pipelines.Stage stage : pipeline.stages()) {
				csv.printRecord(safe(pipeline.id(), pipeline.name(), pipeline.position(), stage.id(), stage.name(),
						stage.position(), stage.probability(), stage.kind(), stage.rottingDays()));
				rows++;
			}
		}
		csv.flush();
		zip.closeEntry();
		return rows;
	}

	private long customFields(ZipOutputStream zip) throws IOException {
		zip.putNextEntry(new ZipEntry("custom_fields.csv"));
		CSVPrinter csv = printer(zip);
		csv.printRecord("field_id", "entity", "key", "label", "type", "options", "required", "position", "created_at");
		long rows = 0;
		for (CustomFields.Definition field : this.customFields.listAll()) {
			csv.printRecord(safe(field.id(), field.entity(), field.key(), field.label(), field.type(),
					String.join(";", field.options()), field.required(), field.position(), field.createdAt()));
			rows++;
		}
		csv.flush();
		zip.closeEntry();
		return rows;
	}

	/** A query's rows as a CSV file; returns the row count. */
	private long query(ZipOutputStream zip, String name, List<String> header, String sql, Object... params)
			throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		CSVPrinter csv = printer(zip);
		csv.printRecord(header);
		long[] rows = { 0 };
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(sql);
			statement.setFetchSize(1000);
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			return statement;
		}, (ResultSet rs) -> {
			try {
				ResultSetMetaData meta = rs.getMetaData();
				List<String> cells = new ArrayList<>(meta.getColumnCount());
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					cells.add(CsvExport.safe(cell(rs, meta, i)));
				}
				csv.printRecord(cells);
				rows[0]++;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		csv.flush();
		zip.closeEntry();
		return rows[0];
	}

	private static String cell(ResultSet rs, ResultSetMetaData meta, int i) throws SQLException {
		String type = meta.getColumnTypeName(i);
		if ("timestamptz".equals(type)) {
			OffsetDateTime time = rs.getObject(i, OffsetDateTime.class);
			return (time != null) ? time.toString() : "";
		}
		if (type.startsWith("_")) {
			Array array = rs.getArray(i);
			return (array != null)
					? String.join(";", Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList()) : "";
		}
		String text = rs.getString(i);
		return (text != null) ? text : "";
	}

	private static List<String> safe(Object... values) {
		return Arrays.stream(values).map((value) -> CsvExport.safe((value != null) ? value.toString() : "")).toList();
	}

	private static CSVPrinter printer(OutputStream zip) throws IOException {
		// not closed: closing would close the archive; flushed after each file
		return new CSVPrinter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), CSVFormat.RFC4180);
	}

}

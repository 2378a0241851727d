package com.nexacrm.record;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Tenancy;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads and writes records of every type from their field descriptions: one place for
 * visibility, validation, custom fields, optimistic versions, the audit log and
 * type-specific hooks.
 */
@Component
public class Records {

	private final JdbcTemplate jdbc;

	private final RecordSchemas schemas;

	private final Visibility visibility;

	private final AuditLog audit;

	private final List<RecordHooks> hooks;

	private final ObjectMapper json;

	private final ApplicationEventPublisher events;

	Records(JdbcTemplate jdbc, RecordSchemas schemas, Visibility visibility, AuditLog audit, List<RecordHooks> hooks,
			ObjectMapper json, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.schemas = schemas;
		this.visibility = visibility;
		this.audit = audit;
		this.hooks = hooks;
		this.json = json;
	}

	/**
	 * The record type's schema in the current organisation; its custom fields are read
	 * when first needed, in this organisation's context.
	 */
	public RecordSchemas.Schema schema(RecordType type) {
		return this.schemas.lazy(type);
	}

	/** One record the caller may see, or 404. */
	public Map<String, Object> get(RecordType type, UUID id) {
		return find(schema(type), id).orElseThrow(() -> ApiProblem.notFound(label(type)));
	}

	public java.util.Optional<Map<String, Object>> find(RecordSchemas.Schema schema, UUID id) {
		RecordType type = schema.type();
		SqlWhere where = new SqlWhere().and("r.org_id = ?", Tenancy.orgId())
			.and("r." + type.idColumn() + " = ?", id)
			.and(this.visibility.predicate("r.owner_id"));
		List<Map<String, Object>> rows = this.jdbc.query(
				"select " + columns(schema) + " from " + type.table() + " r where " + where.sql(),
				(rs, n) -> row(schema, rs), where.params().toArray());
		return rows.stream().findFirst();
	}

	/**
	 * {@link #find} after a data-changing statement, both in one statement where they
	 * would be two round trips: {@code change} runs first (as a common table expression)
	 * and whether it returned a row comes back with the record. The record is read in the
	 * statement's snapshot, taken before {@code change} waited on any lock: a caller
	 * whose change lost to a concurrent one reads the record again.
	 * @param change an {@code insert}, {@code update} or {@code delete} with a
	 * {@code returning} clause
	 */
	public Changed findAfter(RecordSchemas.Schema schema, UUID id, String change, Object... changeParams) {
		RecordType type = schema.type();
		SqlWhere where = new SqlWhere().and("r.org_id = ?", Tenancy.orgId())
			.and("r." + type.idColumn() + " = ?", id)
			.and(this.visibility.predicate("r.owner_id"));
		List<Object> params = new ArrayList<>(List.of(changeParams));
		params.addAll(where.params());
		int changed = schema.standardFields().size() + 3;
		return this.jdbc
			.query("with change as (" + change + ") select " + columns(schema) + ", exists (select 1 from change) from"
					+ " (select 1) one left join " + type.table() + " r on " + where.sql(),
					(rs, n) -> new Changed(rs.getBoolean(changed),
							java.util.Optional.ofNullable((rs.getObject(1) != null) ? row(schema, rs) : null)),
					params.toArray())
			.get(0);
	}

	/**
	 * What {@link #findAfter} found: whether the change returned a row, and the record.
	 */
	public record Changed(boolean changed, java.util.Optional<Map<String, Object>> record) {
	}

	/**
	 * The records among {@code ids} the caller may see, by id, read in one statement
	 * where {@link #find} would take one per record.
	 */
	public Map<UUID, Map<String, Object>> findAll(RecordSchemas.Schema schema, List<UUID> ids) {
		RecordType type = schema.type();
		SqlWhere where = new SqlWhere().and("r.org_id = ?", Tenancy.orgId())
			.and("r." + type.idColumn() + " = any(cast(? as uuid[]))",
					ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "{", "}")))
			.and(this.visibility.predicate("r.owner_id"));
		Map<UUID, Map<String, Object>> found = new LinkedHashMap<>();
		this.jdbc.query("select " + columns(schema) + " from " + type.table() + " r where " + where.sql(),
				(ResultSet rs) -> {
					Map<String, Object> row = row(schema, rs);
					found.put((UUID) row.get("id"), row);
				}, where.params().toArray());
		return found;
	}

	/** A page of records, newest first unless sorted otherwise. */
	public Page list(RecordType type, ListRequest request) {
		if (request.limit() < 1 || request.limit() > ListRequest.MAX_LIMIT) {
			throw SqlWhere.invalid("limit must be from 1 to " + ListRequest.MAX_LIMIT);
		}
		RecordSchemas.Schema schema = schema(type);
		Sort sort = Sort.of(schema, request.sort());
		SqlWhere where = where(schema, request);
		if (request.cursor() != null && !request.cursor().isBlank()) {
			sort.after(Cursor.decode(request.cursor()), where);
		}
		List<Map<String, Object>> rows = new ArrayList<>(this.jdbc.query(
				"select " + columns(schema) + " from " + type.table() + " r where " + where.sql() + " order by "
						+ sort.orderBy() + " limit " + (request.limit() + 1),
				(rs, n) -> row(schema, rs), where.params().toArray()));
		String next = null;
		if (rows.size() > request.limit()) {
			rows = new ArrayList<>(rows.subList(0, request.limit()));
			next = sort.cursorAfter(rows.get(rows.size() - 1)).encode();
		}
		return new Page(rows, next);
	}

	/**
	 * Every matching record in list order, one at a time (exports); never the whole set
	 * in memory.
	 */
	public void stream(RecordType type, ListRequest request, Consumer<Map<String, Object>> consumer) {
		RecordSchemas.Schema schema = schema(type);
		Sort sort = Sort.of(schema, request.sort());
		SqlWhere where = where(schema, request);
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("select " + columns(schema) + " from " + type.table()
					+ " r where " + where.sql() + " order by " + sort.orderBy());
			statement.setFetchSize(1000);
			int i = 1;
			for (Object param : where.params()) {
				statement.setObject(i++, jdbcValue(connection, param));
			}
			return statement;
		}, (ResultSet rs) -> {
			consumer.accept(row(schema, rs));
		});
	}

	private SqlWhere where(RecordSchemas.Schema schema, ListRequest request) {
		return new SqlWhere().and("r.org_id = ?", Tenancy.orgId())
			.and(this.visibility.predicate("r.owner_id"))
			.filters(schema, request, "r");
	}

	public Map<String, Object> create(RecordType type, Map<String, Object> input) {
		RecordSchemas.Schema schema = schema(type);
		FieldErrors errors = new FieldErrors();
		Map<String, Object> columns = validate(schema, input, true, errors);
		if (!columns.containsKey("owner_id") && Tenancy.current().userId() != null) {
			columns.put("owner_id", Tenancy.current().userId());
		}
		hooksOf(type).forEach((hook) -> hook.beforeCreate(columns, errors));
		errors.throwIfAny();
		UUID id = Ids.next();
		insert(type, id, columns);
		Map<String, Object> created = find(schema, id).orElseThrow(() -> new ApiProblem(ProblemType.FORBIDDEN,
				"The record was created for an owner whose records you cannot see"));
		this.audit.record(type.key(), id, "created", withoutNulls(created));
		hooksOf(type).forEach((hook) -> hook.afterCreate(id, created));
		this.events.publishEvent(new RecordCreated(Tenancy.orgId(), type, id, false));
		return created;
	}

	/** Inserts validated column values (creation and import). */
	public void insert(RecordType type, UUID id, Map<String, Object> columns) {
		List<String> names = new ArrayList<>(List.of("org_id", type.idColumn()));
		List<Object> values = new ArrayList<>(List.of(Tenancy.orgId(), id));
		columns.forEach((column, value) -> {
			names.add(column);
			values.add(value);
		});
		String placeholders = String.join(", ",
				names.stream().map((n) -> "custom".equals(n) ? "?::jsonb" : "?").toList());
		try {
			this.jdbc.update((connection) -> {
				var statement = connection.prepareStatement("insert into " + type.table() + " ("
						+ String.join(", ", names) + ") values (" + placeholders + ")");
				for (int i = 0; i < values.size(); i++) {
					statement.setObject(i + 1, jdbcValue(connection, values.get(i)));
				}
				return statement;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw referenceProblem(ex);
		}
	}

	public Map<String, Object> update(RecordType type, UUID id, Map<String, Object> input, Integer expectedVersion) {
		return update(type, id, get(type, id), input, expectedVersion);
	}

	/**
	 * Changes a record the caller has read in this transaction, with {@link #get} or
	 * {@link #find} ({@code before}): the same as
	 * {@link #update(RecordType, UUID, Map, Integer)} without reading it again.
	 */
	public Map<String, Object> update(RecordType type, Map<String, Object> before, Map<String, Object> input) {
		return update(type, (UUID) before.get("id"), before, input, null);
	}

	private Map<String, Object> update(RecordType type, UUID id, Map<String, Object> before, Map<String, Object> input,
			Integer expectedVersion) {
		RecordSchemas.Schema schema = schema(type);
		FieldErrors errors = new FieldErrors();
		Map<String, Object> columns = validate(schema, input, false, errors);
		if (columns.containsKey("custom")) {
			// a partial custom document merges into the stored one
			columns.put("custom", mergeCustom(before, columns.get("custom")));
		}
		hooksOf(type).forEach((hook) -> hook.beforeUpdate(id, columns, errors));
		errors.throwIfAny();
		if (columns.isEmpty()) {
			return before;
		}
		List<String> sets = new ArrayList<>();
		List<Object> values = new ArrayList<>();
		columns.forEach((column, value) -> {
			sets.add(column + " = " + ("custom".equals(column) ? "?::jsonb" : "?"));
			values.add(value);
		});
		sets.add("version = version + 1");
		sets.add("updated_at = now()");
		// the changed row comes back with the update, and whether the caller may still
		// see
		// it (a rep who hands a lead to someone outside her team may not): one statement
		// where an update and a second read of the record were two
		Visibility.Predicate visible = this.visibility.predicate("r.owner_id");
		String sql = "update " + type.table() + " r set " + String.join(", ", sets) + " where r.org_id = ? and r."
				+ type.idColumn() + " = ?" + ((expectedVersion != null) ? " and r.version = ?" : "") + " returning "
				+ columns(schema) + ", (" + visible.sql() + ") as visible";
		values.add(Tenancy.orgId());
		values.add(id);
		if (expectedVersion != null) {
			values.add(expectedVersion);
		}
		values.addAll(visible.params());
		List<Map<String, Object>> updated;
		try {
			updated = this.jdbc.query((connection) -> {
				var statement = connection.prepareStatement(sql);
				for (int i = 0; i < values.size(); i++) {
					statement.setObject(i + 1, jdbcValue(connection, values.get(i)));
				}
				return statement;
			}, (rs, n) -> {
				Map<String, Object> row = row(schema, rs);
				if (!rs.getBoolean("visible")) {
					throw ApiProblem.notFound(label(type));
				}
				return row;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw referenceProblem(ex);
		}
		if (updated.isEmpty()) {
			throw stale(type, id);
		}
		Map<String, Object> after = updated.get(0);
		this.audit.record(type.key(), id, "updated", diff(before, after));
		hooksOf(type).forEach((hook) -> hook.afterUpdate(id, before, after));
		return after;
	}

	public void delete(RecordType type, UUID id) {
		get(type, id);
		hooksOf(type).forEach((hook) -> hook.beforeDelete(id));
		try {
			this.jdbc.update("delete from " + type.table() + " where org_id = ? and " + type.idColumn() + " = ?",
					Tenancy.orgId(), id);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "Other records still refer to this " + label(type));
		}
		this.jdbc.update("delete from activity where org_id = ? and record_type = ? and record_id = ?", Tenancy.orgId(),
				type.key(), id);
		// tasks outlive their record (someone may still have to act), but no longer point
		// at it
		this.jdbc.update(
				"update task set record_type = null, record_id = null where org_id = ? and record_type = ? and record_id = ?",
				Tenancy.orgId(), type.key(), id);
		this.audit.record(type.key(), id, "deleted", Map.of());
	}

	/**
	 * The 409 for a stale version: carries the current record, so the client can redo its
	 * change.
	 */
	public ApiProblem stale(RecordType type, UUID id) {
		Map<String, Object> current = get(type, id);
		return new ApiProblem(ProblemType.CONFLICT,
				"The " + label(type) + " was changed by someone else; here is its current state",
				Map.of("current", current));
	}

	/**
	 * Validates input against the schema: unknown fields, types, lengths, required fields
	 * on create, custom fields. Returns column values (custom fields under {@code custom}
	 * as JSON).
	 */
	public Map<String, Object> validate(RecordSchemas.Schema schema, Map<String, Object> input, boolean creating,
			FieldErrors errors) {
		Map<String, Object> columns = new LinkedHashMap<>();
		Map<String, Object> custom = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : input.entrySet()) {
			String name = entry.getKey();
			if ("custom".equals(name) && entry.getValue() instanceof Map<?, ?> nested) {
				nested.forEach((key, value) -> validateField(schema, "custom." + key, value, columns, custom, errors));
			}
			else if (!"version".equals(name)) {
				validateField(schema, name, entry.getValue(), columns, custom, errors);
			}
		}
		if (creating) {
			for (Field field : schema.fields()) {
				boolean present = field.custom() ? custom.get(field.name().substring(7)) != null
						: columns.get(field.column()) != null;
				if (field.required() && field.writable() && !present) {
					errors.add(field.name(), "is required");
				}
			}
		}
		if (!custom.isEmpty() || (creating && !schema.customFields().isEmpty())) {
			columns.put("custom", writeJson(custom));
		}
		return columns;
	}

	private void validateField(RecordSchemas.Schema schema, String name, Object raw, Map<String, Object> columns,
			Map<String, Object> custom, FieldErrors errors) {
		Field field = schema.field(name).orElse(null);
		if (field == null) {
			errors.add(name, "is not a field of " + schema.type().key());
			return;
		}
		if (!field.writable()) {
			errors.add(name, "cannot be set here");
			return;
		}
		try {
			Object value = Values.parse(field, raw);
			if (value == null && field.required()) {
				errors.add(name, "is required");
				return;
			}
			if (field.custom()) {
				custom.put(name.substring(7), value);
			}
			else {
				columns.put(field.column(), (field.type() == FieldType.TAGS && value == null) ? new String[0] : value);
			}
		}
		catch (Values.Invalid ex) {
			errors.add(name, ex.getMessage());
		}
	}

	private String mergeCustom(Map<String, Object> before, Object changes) {
		Map<String, Object> merged = new LinkedHashMap<>();
		Object stored = before.get("custom");
		if (stored instanceof Map<?, ?> map) {
			map.forEach((k, v) -> merged.put(k.toString(), v));
		}
		merged.putAll(readJson(changes.toString()));
		merged.values().removeIf(Objects::isNull);
		return writeJson(merged);
	}

	private List<RecordHooks> hooksOf(RecordType type) {
		return this.hooks.stream().filter((hook) -> hook.type() == type).toList();
	}

	static String columns(RecordSchemas.Schema schema) {
		List<String> columns = new ArrayList<>();
		columns.add("r." + schema.type().idColumn());
		for (Field field : schema.standardFields()) {
			columns.add("r." + field.column());
		}
		columns.add("r.custom::text");
		return String.join(", ", columns);
	}

	Map<String, Object> row(RecordSchemas.Schema schema, ResultSet rs) throws SQLException {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", rs.getObject(1, UUID.class));
		int i = 2;
		for (Field field : schema.standardFields()) {
			row.put(field.name(), read(field, rs, i++));
		}
		row.put("custom", readJson(rs.getString(i)));
		return row;
	}

	private static Object read(Field field, ResultSet rs, int index) throws SQLException {
		return switch (field.type()) {
			case REFERENCE -> rs.getObject(index, UUID.class);
			case DECIMAL -> rs.getBigDecimal(index);
			case INTEGER -> (Integer) rs.getObject(index);
			case DATE -> rs.getObject(index, LocalDate.class);
			case TIMESTAMP -> rs.getObject(index, OffsetDateTime.class);
			case TAGS -> {
				Array array = rs.getArray(index);
				yield (array == null) ? List.of() : List.of((String[]) array.getArray());
			}
			default -> rs.getString(index);
		};
	}

	static Object jdbcValue(java.sql.Connection connection, Object value) throws SQLException {
		if (value instanceof String[] strings) {
			return connection.createArrayOf("text", strings);
		}
		if (value instanceof UUID[] uuids) {
			return connection.createArrayOf("uuid", uuids);
		}
		if (value instanceof BigDecimal[] numbers) {
			return connection.createArrayOf("numeric", numbers);
		}
		if (value instanceof Integer[] ints) {
			return connection.createArrayOf("int4", ints);
		}
		return value;
	}

	private ApiProblem referenceProblem(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		String field = message.contains("owner_id") ? "ownerId"
				: message.contains("company_id") ? "companyId"
						: message.contains("contact_id") ? "contactId" : message.contains("stage_id") ? "stageId"
								: message.contains("pipeline_id") ? "pipelineId" : null;
		if (field == null) {
			throw ex;
		}
		return new ApiProblem(ProblemType.VALIDATION, field + " does not name a record of this organisation",
				Map.of("errors", List.of(Map.of("field", field, "message", "not found in this organisation"))));
	}

	private static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
		Map<String, Object> changes = new LinkedHashMap<>();
		after.forEach((key, value) -> {
			if (!Set.of("version", "updatedAt").contains(key) && !Objects.equals(before.get(key), value)) {
				Map<String, Object> change = new LinkedHashMap<>();
				change.put("from", before.get(key));
				change.put("to", value);
				changes.put(key, change);
			}
		});
		return changes;
	}

	private static Map<String, Object> withoutNulls(Map<String, Object> record) {
		Map<String, Object> copy = new LinkedHashMap<>(record);
		copy.values().removeIf(Objects::isNull);
		return copy;
	}

	private Map<String, Object> readJson(String text) {
		if (text == null) {
			return new LinkedHashMap<>();
		}
		try {
			return this.json.readValue(text, LinkedHashMap.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String writeJson(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String label(RecordType type) {
		return Character.toUpperCase(type.key().charAt(0)) + type.key().substring(1);
	}

	/**
	 * A page of a list and the cursor of the next one ({@code null} on the last page).
	 */
	public record Page(List<Map<String, Object>> items, String nextCursor) {
	}

}

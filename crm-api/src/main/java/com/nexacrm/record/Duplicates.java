package com.nexacrm.record;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds records that are probably the same as a given one: the same email (contacts,
 * leads), the same domain (companies), or a similar name (trigram similarity), among
 * those the caller may see.
 */
@Component
public class Duplicates {

	static final double NAME_SIMILARITY = 0.6;

	private final JdbcTemplate jdbc;

	private final Visibility visibility;

	Duplicates(JdbcTemplate jdbc, Visibility visibility) {
		this.jdbc = jdbc;
		this.visibility = visibility;
	}

	public List<Map<String, Object>> of(RecordType type, Map<String, Object> record) {
		if (type == RecordType.DEAL) {
			return List.of();
		}
		UUID id = (UUID) record.get("id");
		String name = switch (type) {
			case CONTACT ->
				((record.get("firstName") != null) ? record.get("firstName") + " " : " ") + record.get("lastName");
			default -> String.valueOf(record.get("name"));
		};
		String key = (type == RecordType.COMPANY) ? (String) record.get("domain") : (String) record.get("email");
		String keyColumn = (type == RecordType.COMPANY) ? "domain" : "email";
		Visibility.Predicate visible = this.visibility.predicate("r.owner_id");
		String sql = "select r." + type.idColumn() + ", " + type.nameExpression("r") + ", r." + keyColumn
				+ ", case when r." + keyColumn + "_key = lower(?) then 'same " + keyColumn
				+ "' else 'similar name' end from " + type.table() + " r where r.org_id = ? and r." + type.idColumn()
				+ " <> ? and (r." + keyColumn + "_key = lower(?) or similarity(" + type.nameExpression("r")
				+ ", ?) >= ?) and " + visible.sql() + " limit 5";
		List<Object> params = new java.util.ArrayList<>(
				List.of(key == null ? "" : key, Tenancy.orgId(), id, key == null ? "" : key, name, NAME_SIMILARITY));
		params.addAll(visible.params());
		return this.jdbc.query(sql, (rs, n) -> Map.of("id", rs.getObject(1, UUID.class), "name", rs.getString(2),
				"reason", rs.getString(4)), params.toArray());
	}

}

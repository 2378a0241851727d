package com.nexacrm.record;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.platform.database.TransactionScoped;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisation's custom field definitions. */
@Repository
public class CustomFields {

	private final JdbcClient jdbc;

	CustomFields(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<Definition> list(RecordType type) {
		return TransactionScoped.get(List.of("custom_field", Tenancy.orgId(), type),
				() -> List.copyOf(this.jdbc.sql(SELECT + " where org_id = ? and entity = ? order by position, key")
					.params(Tenancy.orgId(), type.key())
					.query((rs, n) -> map(rs))
					.list()));
	}

	public List<Definition> listAll() {
		return this.jdbc.sql(SELECT + " where org_id = ? order by entity, position, key")
			.param(Tenancy.orgId())
			.query((rs, n) -> map(rs))
			.list();
	}

	public Optional<Definition> find(UUID fieldId) {
		return this.jdbc.sql(SELECT + " where org_id = ? and field_id = ?")
			.params(Tenancy.orgId(), fieldId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	public Definition create(RecordType type, String key, String label, String fieldType, List<String> options,
			boolean required, int position) {
		UUID id = Ids.next();
		TransactionScoped.forget();
		this.jdbc.sql("""
				insert into custom_field (org_id, field_id, entity, key, label, type, options, required, position)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Tenancy.orgId(), id, type.key(), key, label, fieldType, options.toArray(String[]::new), required,
					position)
			.update();
		return find(id).orElseThrow();
	}

	public int update(UUID fieldId, String label, List<String> options, boolean required, int position) {
		TransactionScoped.forget();
		return this.jdbc.sql("""
				update custom_field set label = ?, options = ?, required = ?, position = ?
				where org_id = ? and field_id = ?""")
			.params(label, options.toArray(String[]::new), required, position, Tenancy.orgId(), fieldId)
			.update();
	}

	public int delete(UUID fieldId) {
		TransactionScoped.forget();
		return this.jdbc.sql("delete from custom_field where org_id = ? and field_id = ?")
			.params(Tenancy.orgId(), fieldId)
			.update();
	}

	private static final String SELECT = """
			select field_id, entity, key, label, type, options, required, position, created_at from custom_field""";

	private static Definition map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Definition(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getString(5), List.of((String[]) rs.getArray(6).getArray()), rs.getBoolean(7), rs.getInt(8),
				rs.getObject(9, OffsetDateTime.class));
	}

	/** A custom field definition as the API shows it. */
	public record Definition(UUID id, String entity, String key, String label, String type, List<String> options,
			boolean required, int position, OffsetDateTime createdAt) {

		/** The field as lists, filters, validation and CSV see it. */
		public Field asField() {
			FieldType fieldType = switch (this.type) {
				case "TEXT" -> FieldType.TEXT;
				case "NUMBER", "CURRENCY" -> FieldType.DECIMAL;
				case "DATE" -> FieldType.DATE;
				case "SELECT" -> FieldType.SELECT;
				case "MULTI_SELECT" -> FieldType.MULTI_SELECT;
				case "BOOLEAN" -> FieldType.BOOLEAN;
				case "URL" -> FieldType.URL;
				case "EMAIL" -> FieldType.EMAIL;
				default -> throw new IllegalStateException("Unknown custom field type " + this.type);
			};
			String column = (fieldType == FieldType.MULTI_SELECT) ? "custom->'" + this.key + "'"
					: "custom->>'" + this.key + "'";
			return new Field("custom." + this.key, column, fieldType, 1000, this.required, true, this.options,
					this.label, true);
		}

	}

}

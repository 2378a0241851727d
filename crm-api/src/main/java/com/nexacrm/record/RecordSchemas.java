package com.nexacrm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.nexacrm.tenant.Tenancy;

import org.springframework.stereotype.Component;

/**
 * A record type's fields in the current organisation: the standard ones and its custom
 * ones.
 */
@Component
public class RecordSchemas {

	private final CustomFields customFields;

	RecordSchemas(CustomFields customFields) {
		this.customFields = customFields;
	}

	/** The record type's schema with its custom fields read now. */
	public Schema of(RecordType type) {
		Schema schema = lazy(type);
		schema.customFields();
		return schema;
	}

	/**
	 * The record type's schema that reads the organisation's custom fields only when
	 * something asks for them (a custom field by name, all fields, a create's required
	 * fields). Reading or changing a record's standard fields, as the automation's steps
	 * do, then costs no look-up of the definitions. Use it in the organisation's context
	 * it was made in (checked when the fields are read).
	 */
	Schema lazy(RecordType type) {
		UUID orgId = Tenancy.orgId();
		return new Schema(type, type.standardFields(), () -> {
			if (!orgId.equals(Tenancy.orgId())) {
				throw new IllegalStateException("A schema of one organisation was used in another's context");
			}
			return this.customFields.list(type).stream().map(CustomFields.Definition::asField).toList();
		});
	}

	/** The fields of one record type for one organisation. */
	public static final class Schema {

		private final RecordType type;

		private final List<Field> standard;

		private final Supplier<List<Field>> reader;

		private List<Field> custom;

		private List<Field> all;

		Schema(RecordType type, List<Field> standard, Supplier<List<Field>> reader) {
			this.type = type;
			this.standard = List.copyOf(standard);
			this.reader = reader;
		}

		public RecordType type() {
			return this.type;
		}

		/** Every field, standard ones first. */
		public List<Field> fields() {
			if (this.all == null) {
				List<Field> fields = new ArrayList<>(this.standard);
				fields.addAll(customFields());
				this.all = List.copyOf(fields);
			}
			return this.all;
		}

		/** The fields every organisation has (no look-up of the custom ones). */
		public List<Field> standardFields() {
			return this.standard;
		}

		public Optional<Field> field(String name) {
			List<Field> candidates = name.startsWith("custom.") ? customFields() : this.standard;
			return candidates.stream().filter((field) -> field.name().equals(name)).findFirst();
		}

		public List<Field> customFields() {
			if (this.custom == null) {
				this.custom = List.copyOf(this.reader.get());
			}
			return this.custom;
		}

	}

}

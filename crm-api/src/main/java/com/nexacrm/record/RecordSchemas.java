package com.nexacrm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

	public Schema of(RecordType type) {
		List<Field> fields = new ArrayList<>(type.standardFields());
		this.customFields.list(type).forEach((definition) -> fields.add(definition.asField()));
		return new Schema(type, List.copyOf(fields));
	}

	/** The fields of one record type for one organisation. */
	public record Schema(RecordType type, List<Field> fields) {

		public Optional<Field> field(String name) {
			return this.fields.stream().filter((field) -> field.name().equals(name)).findFirst();
		}

		public List<Field> customFields() {
			return this.fields.stream().filter(Field::custom).toList();
		}

	}

}

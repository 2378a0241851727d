package com.nexacrm.record;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.nexacrm.support.Fixtures;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A record's schema reads the organisation's custom field definitions only when they are
 * asked for, so reading and changing standard fields (the automation's steps) costs no
 * look-up of them; asked for, they are the organisation's own, as they stand then.
 */
@IntegrationTest
class LazySchemaIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private Records records;

	@Autowired
	private CustomFields fields;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void customFieldsAreReadWhenFirstAskedFor() {
		UUID org = this.fixtures.org("Lazy " + UUID.randomUUID()).id();
		List<String> custom = inOrg(org, () -> this.transactions.execute((status) -> {
			RecordSchemas.Schema schema = this.records.schema(RecordType.LEAD);
			// a field defined after the schema was made, before anything asked for the
			// custom ones: an eager schema would not have it
			this.fields.create(RecordType.LEAD, "budget", "Budget", "NUMBER", List.of(), false, 0);
			assertThat(schema.field("custom.budget")).isPresent();
			assertThat(schema.field("name")).isPresent();
			assertThat(schema.fields()).hasSize(schema.standardFields().size() + 1);
			return schema.customFields().stream().map(Field::name).toList();
		}));
		assertThat(custom).containsExactly("custom.budget");
	}

	@Test
	void standardAndCustomFieldsOfARecordAreReadAndValidatedAsBefore() {
		UUID org = this.fixtures.org("Lazy " + UUID.randomUUID()).id();
		Map<String, Object> updated = inOrg(org, () -> this.transactions.execute((status) -> {
			this.fields.create(RecordType.LEAD, "budget", "Budget", "NUMBER", List.of(), false, 0);
			Map<String, Object> lead = this.records.create(RecordType.LEAD,
					Map.of("name", "Ada Lovelace", "custom", Map.of("budget", 1200)));
			Map<String, Object> found = this.records.find(this.records.schema(RecordType.LEAD), (UUID) lead.get("id"))
				.orElseThrow();
			assertThat(found).containsEntry("name", "Ada Lovelace");
			assertThat(budget(found)).isEqualTo("1200");
			return this.records.update(RecordType.LEAD, found, Map.of("title", "Countess"));
		}));
		assertThat(updated).containsEntry("title", "Countess");
		assertThat(budget(updated)).isEqualTo("1200");
	}

	@Test
	void aSchemaCannotReadAnotherOrganisationsFields() {
		UUID first = this.fixtures.org("Lazy " + UUID.randomUUID()).id();
		UUID second = this.fixtures.org("Lazy " + UUID.randomUUID()).id();
		RecordSchemas.Schema schema = inOrg(first, () -> this.records.schema(RecordType.LEAD));
		inOrg(second, () -> this.transactions.execute((status) -> {
			this.fields.create(RecordType.LEAD, "secret", "Secret", "TEXT", List.of(), false, 0);
			assertThatIllegalStateException().isThrownBy(() -> schema.field("custom.secret"));
			return null;
		}));
	}

	private static String budget(Map<String, Object> record) {
		return String.valueOf(((Map<?, ?>) record.get("custom")).get("budget"));
	}

	private static <T> T inOrg(UUID org, Supplier<T> work) {
		return Tenancy.run(TenantContext.system(org), work);
	}

}

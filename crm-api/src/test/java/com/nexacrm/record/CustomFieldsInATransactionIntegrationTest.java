package com.nexacrm.record;

import java.util.List;
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

/**
 * A transaction reads the custom field definitions once, and still sees a field it adds
 * itself; the next transaction sees every change.
 */
@IntegrationTest
class CustomFieldsInATransactionIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private CustomFields fields;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void aFieldAddedOrRemovedInATransactionIsSeenThereAndAfter() {
		UUID org = this.fixtures.org("Fields " + UUID.randomUUID()).id();

		List<String> inTheTransaction = inOrg(org, () -> this.transactions.execute((status) -> {
			assertThat(keys()).isEmpty();
			this.fields.create(RecordType.LEAD, "budget", "Budget", "NUMBER", List.of(), false, 0);
			return keys();
		}));
		assertThat(inTheTransaction).containsExactly("budget");

		List<String> afterRemoval = inOrg(org, () -> this.transactions.execute((status) -> {
			assertThat(keys()).containsExactly("budget");
			this.fields.delete(this.fields.list(RecordType.LEAD).get(0).id());
			return keys();
		}));
		assertThat(afterRemoval).isEmpty();
		List<String> nextTransaction = inOrg(org, () -> this.transactions.execute((status) -> keys()));
		assertThat(nextTransaction).isEmpty();
	}

	private List<String> keys() {
		return this.fields.list(RecordType.LEAD).stream().map(CustomFields.Definition::key).toList();
	}

	private static <T> T inOrg(UUID org, Supplier<T> work) {
		return Tenancy.run(TenantContext.system(org), work);
	}

}

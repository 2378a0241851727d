package com.nexacrm.record;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static com.nexacrm.record.FieldType.*;

/** The CRM's record types and their standard fields. */
public enum RecordType {

	COMPANY("company", "companies", "company_id", "%1$s.name",
			List.of(Field.text("name", "name", 300, "Name").mandatory(), Field.text("domain", "domain", 253, "Domain"),
					new Field("phone", "phone", PHONE, 50, false, true, List.of(), "Phone", false),
					Field.text("industry", "industry", 100, "Industry"))),

	CONTACT("contact", "contacts", "contact_id", "coalesce(%1$s.first_name, '') || ' ' || %1$s.last_name",
			List.of(Field.text("firstName", "first_name", 100, "First name"),
					Field.text("lastName", "last_name", 100, "Last name").mandatory(),
					new Field("email", "email", EMAIL, 254, false, true, List.of(), "Email", false),
					new Field("phone", "phone", PHONE, 50, false, true, List.of(), "Phone", false),
					Field.text("title", "title", 100, "Title"),
					Field.of("companyId", "company_id", REFERENCE, "Company id"))),

	LEAD("lead", "leads", "lead_id", "%1$s.name", List.of(Field.text("name", "name", 200, "Name").mandatory(),
			new Field("email", "email", EMAIL, 254, false, true, List.of(), "Email", false),
			new Field("phone", "phone", PHONE, 50, false, true, List.of(), "Phone", false),
			Field.text("companyName", "company_name", 300, "Company"), Field.text("title", "title", 100, "Title"),
			Field.text("source", "source", 100, "Source"),
			Field.choice("status", "status", List.of("NEW", "WORKING", "QUALIFIED", "DISQUALIFIED", "CONVERTED"),
					"Status"),
			Field.text("disqualifyReason", "disqualify_reason", 500, "Disqualify reason"),
			Field.of("score", "score", INTEGER, "Score"),
			Field.readOnly("convertedDealId", "converted_deal_id", REFERENCE, "Converted deal id"))),

	DEAL("deal", "deals", "deal_id", "%1$s.title", List.of(Field.text("title", "title", 300, "Title").mandatory(),
			Field.of("amount", "amount", DECIMAL, "Amount"),
			Field.of("currency", "currency", CURRENCY_CODE, "Currency").mandatory(),
			Field.of("expectedCloseDate", "expected_close_date", DATE, "Expected close date"),
			Field.of("probability", "probability", INTEGER, "Probability"),
			Field.text("source", "source", 100, "Source"),
			Field.of("pipelineId", "pipeline_id", REFERENCE, "Pipeline id"),
			Field.of("stageId", "stage_id", REFERENCE, "Stage id"), Field.readOnly("rank", "rank", TEXT, "Rank"),
			Field.choice("status", "status", List.of("OPEN", "WON", "LOST"), "Status").fixed(),
			Field.text("lostReason", "lost_reason", 500, "Lost reason"),
			Field.readOnly("closedAt", "closed_at", TIMESTAMP, "Closed at"),
			Field.of("contactId", "contact_id", REFERENCE, "Contact id"),
			Field.of("companyId", "company_id", REFERENCE, "Company id"),
			Field.readOnly("leadId", "lead_id", REFERENCE, "Lead id"),
			Field.readOnly("stageEnteredAt", "stage_entered_at", TIMESTAMP, "In stage since"),
			Field.readOnly("lastActivityAt", "last_activity_at", TIMESTAMP, "Last activity")));

	/** Fields every record type has. */
	static final List<Field> COMMON = List.of(Field.of("ownerId", "owner_id", REFERENCE, "Owner id"),
			Field.of("tags", "tags", TAGS, "Tags"), Field.readOnly("version", "version", INTEGER, "Version"),
			Field.readOnly("createdAt", "created_at", TIMESTAMP, "Created at"),
			Field.readOnly("updatedAt", "updated_at", TIMESTAMP, "Updated at"));

	private final String key;

	private final String plural;

	private final String idColumn;

	private final String nameExpression;

	private final List<Field> fields;

	RecordType(String key, String plural, String idColumn, String nameExpression, List<Field> own) {
		this.key = key;
		this.plural = plural;
		this.idColumn = idColumn;
		this.nameExpression = nameExpression;
		this.fields = own;
	}

	/** {@code deal}: the table, the permission resource, the activity record type. */
	public String key() {
		return this.key;
	}

	public String table() {
		return this.key;
	}

	/** {@code deals}: the API path segment. */
	public String plural() {
		return this.plural;
	}

	public String idColumn() {
		return this.idColumn;
	}

	/** The SQL that gives a record's display name, for the table under the alias. */
	public String nameExpression(String alias) {
		return this.nameExpression.formatted(alias);
	}

	/** The standard fields: the type's own, then the common ones. */
	public List<Field> standardFields() {
		return java.util.stream.Stream.concat(this.fields.stream(), COMMON.stream()).toList();
	}

	public static Optional<RecordType> ofKey(String key) {
		return Arrays.stream(values()).filter((type) -> type.key.equals(key)).findFirst();
	}

}

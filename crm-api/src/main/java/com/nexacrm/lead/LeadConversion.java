package com.nexacrm.lead;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.Activities;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Turns a qualified lead into a contact, a company and a deal, reusing the contact with
 * the lead's email and the company with the email's domain (or the lead's company name)
 * when they exist, so converting never creates the duplicates it could have found.
 */
@Service
public class LeadConversion {

	/** Mail providers whose domain says nothing about the lead's company. */
	private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
			"outlook.com", "live.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me",
			"protonmail.com", "mail.com", "yandex.ru", "qq.com");

	private final Records records;

	private final Activities activities;

	private final JdbcClient jdbc;

	LeadConversion(Records records, Activities activities, JdbcClient jdbc) {
		this.records = records;
		this.activities = activities;
		this.jdbc = jdbc;
	}

	public Map<String, Object> convert(UUID leadId, ConvertRequest request) {
		Map<String, Object> lead = this.records.get(RecordType.LEAD, leadId);
		String status = (String) lead.get("status");
		if ("CONVERTED".equals(status) || "DISQUALIFIED".equals(status)) {
			throw new ApiProblem(ProblemType.CONFLICT, "The lead is already " + status.toLowerCase(Locale.ROOT),
					Map.of("current", lead));
		}
		String email = (String) lead.get("email");
		UUID owner = (UUID) lead.get("ownerId");
		String domain = domainOf(email).orElse(null);

		Optional<UUID> company = (domain != null) ? find("company", "company_id", "domain_key = lower(?)", domain)
				: Optional.empty();
		if (company.isEmpty() && lead.get("companyName") != null) {
			company = find("company", "company_id", "lower(name) = lower(?)", lead.get("companyName"));
		}
		boolean companyMatched = company.isPresent();
		if (company.isEmpty() && (lead.get("companyName") != null || domain != null)) {
			Map<String, Object> input = new LinkedHashMap<>();
			input.put("name", (lead.get("companyName") != null) ? lead.get("companyName") : domain);
			input.put("domain", domain);
			put(input, "ownerId", owner);
			company = Optional.of((UUID) this.records.create(RecordType.COMPANY, input).get("id"));
		}

		Optional<UUID> contact = (email != null) ? find("contact", "contact_id", "email_key = lower(?)", email)
				: Optional.empty();
		boolean contactMatched = contact.isPresent();
		if (contact.isEmpty()) {
			String[] names = splitName((String) lead.get("name"));
			Map<String, Object> input = new LinkedHashMap<>();
			put(input, "firstName", names[0]);
			input.put("lastName", names[1]);
			put(input, "email", email);
			put(input, "phone", lead.get("phone"));
			put(input, "title", lead.get("title"));
			put(input, "companyId", company.map(UUID::toString).orElse(null));
			put(input, "ownerId", owner);
			contact = Optional.of((UUID) this.records.create(RecordType.CONTACT, input).get("id"));
		}

		Map<String, Object> dealInput = new LinkedHashMap<>();
		dealInput.put("title", (request.dealTitle() != null) ? request.dealTitle()
				: ((lead.get("companyName") != null) ? lead.get("companyName") : lead.get("name")) + " deal");
		dealInput.put("amount", (request.amount() != null) ? request.amount() : BigDecimal.ZERO);
		dealInput.put("currency", (request.currency() != null) ? request.currency() : "EUR");
		put(dealInput, "pipelineId", (request.pipelineId() != null) ? request.pipelineId().toString() : null);
		put(dealInput, "stageId", (request.stageId() != null) ? request.stageId().toString() : null);
		put(dealInput, "source", lead.get("source"));
		put(dealInput, "ownerId", owner);
		dealInput.put("contactId", contact.get().toString());
		put(dealInput, "companyId", company.map(UUID::toString).orElse(null));
		dealInput.put("tags", lead.get("tags"));
		Map<String, Object> deal = this.records.create(RecordType.DEAL, dealInput);
		UUID dealId = (UUID) deal.get("id");
		this.jdbc.sql("update deal set lead_id = ? where org_id = ? and deal_id = ?")
			.params(leadId, Tenancy.orgId(), dealId)
			.update();

		this.jdbc.sql("""
				update lead set status = 'CONVERTED', converted_contact_id = ?, converted_company_id = ?,
				       converted_deal_id = ?, version = version + 1, updated_at = now()
				where org_id = ? and lead_id = ?""")
			.params(contact.get(), company.orElse(null), dealId, Tenancy.orgId(), leadId)
			.update();
		this.activities.add(RecordType.LEAD, leadId, Activities.Kind.SYSTEM, "Converted", null,
				Map.of("dealId", dealId, "contactId", contact.get()), null);
		this.activities.add(RecordType.CONTACT, contact.get(), Activities.Kind.SYSTEM, "Converted from a lead", null,
				Map.of("leadId", leadId, "dealId", dealId), null);

		Map<String, Object> result = new LinkedHashMap<>();
		result.put("lead", this.records.get(RecordType.LEAD, leadId));
		result.put("contactId", contact.get());
		result.put("contactMatched", contactMatched);
		result.put("companyId", company.orElse(null));
		result.put("companyMatched", companyMatched);
		result.put("deal", this.records.get(RecordType.DEAL, dealId));
		return result;
	}

	private Optional<UUID> find(String table, String idColumn, String condition, Object value) {
		return this.jdbc
			.sql("select " + idColumn + " from " + table + " where org_id = ? and " + condition
					+ " order by created_at limit 1")
			.params(Tenancy.orgId(), value)
			.query(UUID.class)
			.optional();
	}

	static Optional<String> domainOf(String email) {
		if (email == null || !email.contains("@")) {
			return Optional.empty();
		}
		String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
		return FREE_MAIL.contains(domain) ? Optional.empty() : Optional.of(domain);
	}

	static String[] splitName(String name) {
		String trimmed = name.trim();
		int space = trimmed.lastIndexOf(' ');
		return (space > 0) ? new String[] { trimmed.substring(0, space), trimmed.substring(space + 1) }
				: new String[] { null, trimmed };
	}

	private static void put(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, (value instanceof UUID id) ? id.toString() : value);
		}
	}

	/** Where the deal goes and what it is worth; everything optional. */
	public record ConvertRequest(UUID pipelineId, UUID stageId, String dealTitle, BigDecimal amount, String currency) {
	}

}

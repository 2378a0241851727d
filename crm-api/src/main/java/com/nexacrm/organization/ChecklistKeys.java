package com.nexacrm.organization;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The correlation key of an organisation's onboarding checklist messages: random, kept
 * with the organisation, unguessable by another tenant's process models. Read inside a
 * transaction of that organisation.
 */
@Repository
public class ChecklistKeys {

	private final JdbcClient jdbc;

	ChecklistKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public String of(UUID orgId) {
		return "checklist:" + this.jdbc.sql("select checklist_key from organization where org_id = ?")
			.param(orgId)
			.query(UUID.class)
			.single();
	}

}

package com.nexacrm.webform;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.record.Ids;
import com.nexacrm.security.ScopedToken;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisation's web forms; only each token's hash is stored. */
@Repository
class WebForms {

	static final String PREFIX = "nxf_";

	private final JdbcClient jdbc;

	WebForms(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates a form; the returned token is shown once. */
	Created create(String name) {
		UUID id = Ids.next();
		ScopedToken token = ScopedToken.issue(Tenancy.orgId(), id);
		this.jdbc.sql("insert into web_form (org_id, form_id, name, secret_hash, created_by) values (?, ?, ?, ?, ?)")
			.params(Tenancy.orgId(), id, name, token.secretHash(), Tenancy.current().userId())
			.update();
		return new Created(find(id).orElseThrow(), PREFIX + token.encode());
	}

	List<Form> list() {
		return this.jdbc.sql(SELECT + " where org_id = ? and revoked_at is null order by created_at")
			.param(Tenancy.orgId())
			.query(Form.class)
			.list();
	}

	Optional<Form> find(UUID id) {
		return this.jdbc.sql(SELECT + " where org_id = ? and form_id = ? and revoked_at is null")
			.params(Tenancy.orgId(), id)
			.query(Form.class)
			.optional();
	}

	int revoke(UUID id) {
		return this.jdbc
			.sql("update web_form set revoked_at = now() where org_id = ? and form_id = ? and revoked_at is null")
			.params(Tenancy.orgId(), id)
			.update();
	}

	/** The live form the token opens, in the current (the token's) organisation. */
	Optional<Form> verify(ScopedToken token) {
		return this.jdbc.sql("select secret_hash from web_form where org_id = ? and form_id = ? and revoked_at is null")
			.params(Tenancy.orgId(), token.id())
			.query((rs, n) -> rs.getBytes(1))
			.optional()
			.filter(token::matches)
			.flatMap((hash) -> find(token.id()));
	}

	void counted(UUID id) {
		this.jdbc.sql("update web_form set submissions = submissions + 1 where org_id = ? and form_id = ?")
			.params(Tenancy.orgId(), id)
			.update();
	}

	private static final String SELECT = "select form_id as id, name, created_at, submissions from web_form";

	record Form(UUID id, String name, OffsetDateTime createdAt, long submissions) {
	}

	record Created(Form form, String token) {
	}

}

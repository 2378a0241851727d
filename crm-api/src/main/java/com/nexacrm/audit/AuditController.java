package com.nexacrm.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Validated
@Tag(name = "Organization")
class AuditController {

	private final JdbcClient jdbc;

	AuditController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping
	@Requires(Permission.AUDIT_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The organisation's audit log, newest first",
			description = "entity=deal|contact|team|member|… to narrow; before=<occurredAt of the last entry> to page")
	List<Entry> list(@RequestParam(required = false) @Pattern(regexp = "^[a-z_]{1,40}$") String entity,
			@RequestParam(required = false) OffsetDateTime before,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit) {
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId()));
		String where = "org_id = ?";
		if (entity != null) {
			where += " and entity = ?";
			params.add(entity);
		}
		if (before != null) {
			where += " and occurred_at < ?";
			params.add(before);
		}
		params.add((limit != null) ? limit : 50);
		return this.jdbc
			.sql("select occurred_at, actor_user_id, actor_key_id, entity, entity_id, action, changes::text"
					+ " from audit_log where " + where + " order by occurred_at desc limit ?")
			.params(params)
			.query((rs, n) -> new Entry(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6),
					rs.getString(7)))
			.list();
	}

	/** One entry; changes as JSON text. */
	record Entry(OffsetDateTime at, UUID actorUserId, UUID actorKeyId, String entity, UUID entityId, String action,
			String changes) {
	}

}

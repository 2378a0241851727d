package com.nexacrm.record;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotEmpty;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/settings/visibility")
@Validated
@Tag(name = "Organization")
class VisibilityController {

	private final Visibility visibility;

	private final AuditLog audit;

	VisibilityController(Visibility visibility, AuditLog audit) {
		this.visibility = visibility;
		this.audit = audit;
	}

	@GetMapping
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Which records each role sees: OWN, TEAM (theirs and their teams') or ALL")
	Map<Role, Visibility.Scope> get() {
		return this.visibility.all();
	}

	@PutMapping
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional
	@Operation(summary = "Set the visibility of some roles, e.g. {\"MEMBER\": \"OWN\"}")
	Map<Role, Visibility.Scope> set(@RequestBody @NotEmpty Map<Role, Visibility.Scope> scopes) {
		scopes.forEach(this.visibility::set);
		this.audit.record("organization", Tenancy.orgId(), "visibility-changed",
				scopes.entrySet()
					.stream()
					.collect(java.util.stream.Collectors.toMap((e) -> e.getKey().name(), Map.Entry::getValue)));
		return this.visibility.all();
	}

}

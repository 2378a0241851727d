package com.nexacrm.organization;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.nexacrm.organization.Members.Member;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Members", description = "People in the organisation and their roles")
class MemberController {

	private final Members members;

	private final MemberRules rules;

	MemberController(Members members, MemberRules rules) {
		this.members = members;
		this.rules = rules;
	}

	@GetMapping("/members")
	@Requires(Permission.MEMBER_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Members with their roles and teams")
	List<Member> list() {
		return this.members.list();
	}

	@GetMapping("/members/{userId}")
	@Requires(Permission.MEMBER_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One member")
	Member get(@PathVariable UUID userId) {
		return this.members.find(userId).orElseThrow(() -> ApiProblem.notFound("Member"));
	}

	@PatchMapping("/members/{userId}")
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional
	@Operation(summary = "Change a member's role",
			description = "Only owners grant or take away the owner role; " + "the last owner cannot be demoted.")
	Member changeRole(@PathVariable UUID userId, @Valid @RequestBody RoleChange change) {
		this.rules.changeRole(userId, change.role());
		return get(userId);
	}

	@DeleteMapping("/members/{userId}")
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional
	@Operation(summary = "Remove a member", description = "Admins cannot remove owners; the last owner stays.")
	ResponseEntity<Void> remove(@PathVariable UUID userId) {
		this.rules.remove(userId);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/organization/leave")
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional
	@Operation(summary = "Leave the current organisation", description = "The last owner cannot leave.")
	ResponseEntity<Void> leave() {
		this.rules.leave(Tenancy.current().userId());
		return ResponseEntity.noContent().build();
	}

	record RoleChange(@NotNull Role role) {
	}

}

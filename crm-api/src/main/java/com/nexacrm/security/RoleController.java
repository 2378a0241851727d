package com.nexacrm.security;

import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Role;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/roles")
@Tag(name = "Members")
class RoleController {

	@GetMapping
	@SignedIn
	@Operation(summary = "The permission matrix: every role with the permissions it has")
	List<RoleView> matrix() {
		return Arrays.stream(Role.values())
			.map((role) -> new RoleView(role, role.permissions().stream().map(Permission::scope).toList()))
			.toList();
	}

	record RoleView(Role role, List<String> permissions) {
	}

}

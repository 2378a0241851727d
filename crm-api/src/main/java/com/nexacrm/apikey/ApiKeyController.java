package com.nexacrm.apikey;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Keys for the REST API: scoped, shown once, stored hashed, revocable")
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	@GetMapping
	@Requires(Permission.API_KEY_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The organisation's keys (never their secrets), with last use")
	List<ApiKeys.ApiKey> list() {
		return this.keys.list();
	}

	@PostMapping
	@Requires(Permission.API_KEY_CREATE)
	@Transactional
	@Operation(summary = "Create a key", description = "The response holds the token; it is not shown again. "
			+ "Scopes are permission names such as deal:read; a key cannot have a scope its creator lacks.")
	ResponseEntity<ApiKeys.CreatedKey> create(@Valid @RequestBody NewKey request) {
		TenantContext context = Tenancy.current();
		if (context.userId() == null) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "API keys are created by a signed-in member");
		}
		Set<Permission> scopes = EnumSet.noneOf(Permission.class);
		for (String scope : request.scopes()) {
			Permission permission = Permission.ofScope(scope)
				.orElseThrow(() -> new ApiProblem(ProblemType.VALIDATION, "Unknown scope " + scope));
			if (!context.role().can(permission)) {
				throw new ApiProblem(ProblemType.FORBIDDEN, "Your role cannot grant the scope " + scope);
			}
			scopes.add(permission);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.keys.create(request.name().trim(), scopes, context.userId()));
	}

	@DeleteMapping("/{keyId}")
	@Requires(Permission.API_KEY_DELETE)
	@Transactional
	@Operation(summary = "Revoke a key; it stops working at once")
	ResponseEntity<Void> revoke(@PathVariable UUID keyId) {
		if (this.keys.revoke(keyId) == 0) {
			throw ApiProblem.notFound("API key");
		}
		return ResponseEntity.noContent().build();
	}

	record NewKey(@NotBlank @Size(max = 100) String name,
			@NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 50) String> scopes) {
	}

}

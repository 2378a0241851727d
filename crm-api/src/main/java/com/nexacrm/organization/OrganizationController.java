package com.nexacrm.organization;

import java.time.DateTimeException;
import java.time.ZoneId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import com.nexacrm.organization.Organizations.Organization;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Tenancy;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/organization")
@Tag(name = "Organization", description = "The current organisation's settings")
class OrganizationController {

	private final Organizations organizations;

	OrganizationController(Organizations organizations) {
		this.organizations = organizations;
	}

	@GetMapping
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The current organisation")
	Organization current() {
		return this.organizations.find(Tenancy.orgId()).orElseThrow(() -> ApiProblem.notFound("Organization"));
	}

	@PatchMapping
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Rename the organisation or change its time zone")
	Organization update(@Valid @RequestBody Change change) {
		Organization current = current();
		String zone = (change.timeZone() != null) ? change.timeZone() : current.timeZone();
		try {
			ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new ApiProblem(ProblemType.VALIDATION, "timeZone must be an IANA time zone such as Europe/Paris");
		}
		String name = (change.name() != null && !change.name().isBlank()) ? change.name().trim() : current.name();
		this.organizations.update(Tenancy.orgId(), name, zone);
		return current();
	}

	record Change(@Size(min = 1, max = 200) String name, @Size(max = 64) String timeZone) {
	}

}

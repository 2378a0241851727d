package com.nexacrm.organization;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.nexacrm.organization.Teams.Team;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Requires;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "Teams within the organisation, for routing and record visibility")
class TeamController {

	private final Teams teams;

	TeamController(Teams teams) {
		this.teams = teams;
	}

	@GetMapping
	@Requires(Permission.TEAM_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "All teams with their members")
	List<Team> list() {
		return this.teams.list();
	}

	@GetMapping("/{teamId}")
	@Requires(Permission.TEAM_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One team")
	Team get(@PathVariable UUID teamId) {
		return this.teams.find(teamId).orElseThrow(() -> ApiProblem.notFound("Team"));
	}

	@PostMapping
	@Requires(Permission.TEAM_CREATE)
	@Transactional
	@Operation(summary = "Create a team")
	ResponseEntity<Team> create(@Valid @RequestBody TeamName request) {
		try {
			return ResponseEntity.status(HttpStatus.CREATED).body(this.teams.create(request.name().trim()));
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName();
		}
	}

	@PatchMapping("/{teamId}")
	@Requires(Permission.TEAM_UPDATE)
	@Transactional
	@Operation(summary = "Rename a team")
	Team rename(@PathVariable UUID teamId, @Valid @RequestBody TeamName request) {
		try {
			if (this.teams.rename(teamId, request.name().trim()) == 0) {
				throw ApiProblem.notFound("Team");
			}
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName();
		}
		return get(teamId);
	}

	@DeleteMapping("/{teamId}")
	@Requires(Permission.TEAM_DELETE)
	@Transactional
	@Operation(summary = "Delete a team (its members stay in the organisation)")
	ResponseEntity<Void> delete(@PathVariable UUID teamId) {
		if (this.teams.delete(teamId) == 0) {
			throw ApiProblem.notFound("Team");
		}
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/{teamId}/members/{userId}")
	@Requires(Permission.TEAM_UPDATE)
	@Transactional
	@Operation(summary = "Add a member of the organisation to the team")
	Team addMember(@PathVariable UUID teamId, @PathVariable UUID userId) {
		get(teamId);
		try {
			this.teams.addMember(teamId, userId);
		}
		catch (DataIntegrityViolationException ex) {
			throw ApiProblem.notFound("Member");
		}
		return get(teamId);
	}

	@DeleteMapping("/{teamId}/members/{userId}")
	@Requires(Permission.TEAM_UPDATE)
	@Transactional
	@Operation(summary = "Remove a member from the team")
	ResponseEntity<Void> removeMember(@PathVariable UUID teamId, @PathVariable UUID userId) {
		if (this.teams.removeMember(teamId, userId) == 0) {
			throw ApiProblem.notFound("Team member");
		}
		return ResponseEntity.noContent().build();
	}

	private static ApiProblem duplicateName() {
		return new ApiProblem(ProblemType.CONFLICT, "A team with this name already exists");
	}

	record TeamName(@NotBlank @Size(max = 100) String name) {
	}

}

package com.nexacrm.organization;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.platform.web.EmailAddresses;
import com.nexacrm.organization.Invitations.Invitation;
import com.nexacrm.outbox.EmailTemplates;
import com.nexacrm.outbox.Outbox;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Requires;
import com.nexacrm.security.ScopedToken;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/invitations")
@Tag(name = "Invitations", description = "Invite people by a one-time, expiring link sent by email")
class InvitationController {

	private final Invitations invitations;

	private final Members members;

	private final Teams teams;

	private final Outbox outbox;

	private final JdbcClient jdbc;

	private final String publicUrl;

	InvitationController(Invitations invitations, Members members, Teams teams, Outbox outbox, JdbcClient jdbc,
			@Value("${nexacrm.public-url}") String publicUrl) {
		this.invitations = invitations;
		this.members = members;
		this.teams = teams;
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.publicUrl = publicUrl.replaceAll("/+$", "");
	}

	@PostMapping
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional
	@Operation(summary = "Invite someone by email", description = "The link goes out by email (the outbox when no "
			+ "provider is configured); it works once and expires after 7 days. Only owners invite owners.")
	ResponseEntity<Invitation> invite(@Valid @RequestBody NewInvitation request) {
		if (request.role() == Role.OWNER && Tenancy.current().role() != Role.OWNER) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only an owner can invite an owner");
		}
		String email = request.email().trim();
		boolean member = this.members.list().stream().anyMatch((m) -> m.email().equalsIgnoreCase(email));
		if (member) {
			throw new ApiProblem(ProblemType.CONFLICT, "This person is already a member");
		}
		if (request.teamId() != null && this.teams.find(request.teamId()).isEmpty()) {
			throw ApiProblem.notFound("Team");
		}
		UUID inviter = Tenancy.current().userId();
		if (inviter == null) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Invitations are sent by a signed-in member, not an API key");
		}
		ScopedToken token;
		try {
			token = this.invitations.create(email, request.role(), request.teamId(), inviter);
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "An open invitation for this email exists; revoke it first");
		}
		Invitation invitation = this.invitations.find(token.id()).orElseThrow();
		String inviterName = this.jdbc.sql("select display_name from app_user where user_id = ?")
			.param(inviter)
			.query(String.class)
			.single();
		this.outbox.queue(EmailTemplates.invitation(email, inviterName, invitation.organizationName(),
				this.publicUrl + "/invitations/accept?token=" + token.encode(), "invitation:" + invitation.id()));
		return ResponseEntity.status(HttpStatus.CREATED).body(invitation);
	}

	@GetMapping
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional(readOnly = true)
	@Operation(summary = "Open invitations")
	List<Invitation> list() {
		return this.invitations.listOpen();
	}

	@DeleteMapping("/{invitationId}")
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional
	@Operation(summary = "Revoke an open invitation; its link stops working")
	ResponseEntity<Void> revoke(@PathVariable UUID invitationId) {
		if (this.invitations.revoke(invitationId) == 0) {
			throw ApiProblem.notFound("Invitation");
		}
		return ResponseEntity.noContent().build();
	}

	record NewInvitation(@NotBlank @Size(max = 254) @Pattern(regexp = EmailAddresses.PATTERN,
			message = "must be a valid email address") String email, @NotNull Role role, UUID teamId) {
	}

}

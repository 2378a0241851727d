package com.nexacrm.integration;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/integrations/slack")
@Tag(name = "Integrations", description = "Slack: where won deals are announced")
class SlackController {

	private final SlackWorkspaces workspaces;

	/** The audit entity of an organisation's Slack connection (its id is the org's). */
	static final String SLACK_CONNECTION = "slack-connection";

	private final AuditLog audit;

	SlackController(SlackWorkspaces workspaces, AuditLog audit) {
		this.workspaces = workspaces;
		this.audit = audit;
	}

	@GetMapping
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Whether the organisation connected Slack, and to which channel (never the token)")
	SlackWorkspaces.Status status() {
		return this.workspaces.status();
	}

	@PutMapping
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Connect Slack with a bot token and a channel",
			description = "The bot (scope chat:write) must be a member of the channel. Replaces an existing "
					+ "connection. The token is stored encrypted and never returned.")
	SlackWorkspaces.Status connect(@Valid @RequestBody Connect request) {
		var status = this.workspaces.connect(request.botToken().trim(), request.channel().trim(),
				Tenancy.current().userId());
		// audited like every change; the onboarding checklist ticks "Connect Slack" from
		// it
		this.audit.record(SLACK_CONNECTION, Tenancy.orgId(), "connected", Map.of("channel", status.channel()));
		return status;
	}

	@DeleteMapping
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Disconnect Slack; won deals are no longer posted")
	ResponseEntity<Void> disconnect() {
		if (!this.workspaces.disconnect()) {
			throw ApiProblem.notFound("Slack connection");
		}
		this.audit.record(SLACK_CONNECTION, Tenancy.orgId(), "disconnected", Map.of());
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param botToken a Slack bot token ({@code xoxb-…})
	 * @param channel a channel name ({@code #wins} or {@code wins}) or id
	 * ({@code C0123ABCD})
	 */
	record Connect(
			@NotBlank @Size(max = 255) @Pattern(regexp = "\\s*xox[a-z]-[A-Za-z0-9-]{8,250}\\s*",
					message = "must be a Slack bot token (xoxb-…)") String botToken,
			@NotBlank @Size(max = 81) @Pattern(regexp = "\\s*#?[A-Za-z0-9._-]{1,80}\\s*",
					message = "must be a channel name such as #wins or a channel id") String channel) {

		@Override
		public String toString() {
			return "Connect[channel=" + this.channel + "]";
		}

	}

}

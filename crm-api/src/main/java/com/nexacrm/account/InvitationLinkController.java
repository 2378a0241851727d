package com.nexacrm.account;

import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.nexacrm.organization.Invitations.Invitation;
import com.nexacrm.security.Caller;
import com.nexacrm.security.Public;
import com.nexacrm.security.SessionCookies;
import com.nexacrm.security.Sessions;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/invitations")
@Tag(name = "Invitations")
class InvitationLinkController {

	private final InvitationAcceptance acceptance;

	private final AccountService accounts;

	private final Sessions sessions;

	private final SessionCookies cookies;

	InvitationLinkController(InvitationAcceptance acceptance, AccountService accounts, Sessions sessions,
			SessionCookies cookies) {
		this.acceptance = acceptance;
		this.accounts = accounts;
		this.sessions = sessions;
		this.cookies = cookies;
	}

	@PostMapping("/preview")
	@Public
	@Operation(summary = "What an invitation link is for",
			description = "The organisation, email and role, and whether an account exists for the email. "
					+ "The token is sent in the body so it stays out of access logs.")
	Preview preview(@Valid @RequestBody TokenOnly request) {
		Invitation invitation = this.acceptance.preview(request.token());
		return new Preview(invitation.organizationName(), invitation.email(), invitation.role().name(),
				invitation.invitedBy(), this.acceptance.accountExists(invitation.email()));
	}

	@PostMapping("/accept")
	@Public
	@Operation(summary = "Accept an invitation",
			description = "Signed in as the invited email: joins and switches "
					+ "to the organisation. Otherwise give the password of the existing account, or a name and a new "
					+ "password to create one; a session cookie is set.")
	SessionView accept(@Valid @RequestBody Acceptance request, HttpServletRequest http, HttpServletResponse response) {
		Optional<Caller> caller = Caller.of(http);
		Optional<Sessions.IssuedSession> issued = this.acceptance.accept(request.token(), caller, request.name(),
				request.password());
		String token;
		if (issued.isPresent()) {
			this.cookies.write(response, issued.get());
			token = issued.get().token();
		}
		else {
			token = caller.orElseThrow().sessionToken();
		}
		return this.accounts.view(this.sessions.find(token).orElseThrow());
	}

	record TokenOnly(@NotBlank @Size(max = 200) String token) {
	}

	record Acceptance(@NotBlank @Size(max = 200) String token, @Size(max = 200) String name,
			@Size(max = 128) String password) {
	}

	record Preview(String organizationName, String email, String role, String invitedBy, boolean accountExists) {
	}

}

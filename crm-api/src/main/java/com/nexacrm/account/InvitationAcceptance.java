package com.nexacrm.account;

import java.util.Optional;
import java.util.UUID;

import com.nexacrm.security.ScopedToken;
import com.nexacrm.organization.Invitations;
import com.nexacrm.organization.Invitations.Invitation;
import com.nexacrm.organization.MemberJoined;
import com.nexacrm.organization.Members;
import com.nexacrm.organization.Teams;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Caller;
import com.nexacrm.security.Passwords;
import com.nexacrm.security.Sessions;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepting an invitation link: as the signed-in user whose email it was sent to, as an
 * existing user with their password, or as a new user who chooses a password. The token
 * works once: the row is locked and marked accepted in the same transaction that adds the
 * member.
 */
@Service
class InvitationAcceptance {

	private final Invitations invitations;

	private final Members members;

	private final Teams teams;

	private final Users users;

	private final Passwords passwords;

	private final Sessions sessions;

	private final AccountService accounts;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	InvitationAcceptance(Invitations invitations, Members members, Teams teams, Users users, Passwords passwords,
			Sessions sessions, AccountService accounts, TransactionTemplate transactions,
			ApplicationEventPublisher events) {
		this.invitations = invitations;
		this.members = members;
		this.teams = teams;
		this.users = users;
		this.passwords = passwords;
		this.sessions = sessions;
		this.accounts = accounts;
		this.transactions = transactions;
		this.events = events;
	}

	/** What the link is for, so the page can say it before the user commits. */
	Invitation preview(String tokenText) {
		ScopedToken token = parse(tokenText);
		return Tenancy
			.run(TenantContext.system(token.orgId()),
					() -> this.transactions.execute((status) -> this.invitations.lockOpen(token)))
			.orElseThrow(InvitationAcceptance::invalid);
	}

	boolean accountExists(String email) {
		return this.users.emailTaken(email);
	}

	/**
	 * Joins the organisation. Returns the new session to set when the caller was not
	 * signed in, or empty when the caller's session was switched to the organisation.
	 */
	Optional<Sessions.IssuedSession> accept(String tokenText, Optional<Caller> caller, String name, String password) {
		ScopedToken token = parse(tokenText);
		UUID userId = Tenancy.run(TenantContext.system(token.orgId()), () -> this.transactions.execute((status) -> {
			Invitation invitation = this.invitations.lockOpen(token).orElseThrow(InvitationAcceptance::invalid);
			UUID joining = resolveUser(invitation, caller, name, password);
			this.members.add(joining, invitation.role());
			if (invitation.teamId() != null) {
				this.teams.addMember(invitation.teamId(), joining);
			}
			this.invitations.markAccepted(invitation.id(), joining);
			this.events.publishEvent(new MemberJoined(token.orgId(), joining, invitation.role()));
			return joining;
		}));
		if (caller.isPresent() && caller.get().session() != null) {
			this.sessions.switchOrganization(caller.get().sessionToken(), token.orgId());
			return Optional.empty();
		}
		return Optional.of(this.sessions.create(userId, token.orgId()));
	}

	private UUID resolveUser(Invitation invitation, Optional<Caller> caller, String name, String password) {
		if (caller.isPresent() && caller.get().session() != null) {
			if (!caller.get().session().email().equalsIgnoreCase(invitation.email())) {
				throw new ApiProblem(ProblemType.FORBIDDEN,
						"This invitation was sent to another email address; sign out and open the link again");
			}
			return caller.get().userId();
		}
		if (password == null || password.isBlank()) {
			throw new ApiProblem(ProblemType.VALIDATION,
					"Give a password: yours if you have an account, a new one if not");
		}
		Optional<Users.User> existing = this.users.findByEmail(invitation.email());
		if (existing.isPresent()) {
			if (!this.passwords.matches(password, existing.get().passwordHash())) {
				throw new ApiProblem(ProblemType.INVALID_CREDENTIALS, "Email or password is wrong");
			}
			return existing.get().userId();
		}
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new ApiProblem(ProblemType.VALIDATION, "Give your name (up to 200 characters) to create the account");
		}
		this.accounts.checkPassword(password, invitation.email());
		UUID userId = UUID.randomUUID();
		this.users.insert(userId, invitation.email(), name.trim(), this.passwords.hash(password));
		return userId;
	}

	private static ScopedToken parse(String tokenText) {
		return ScopedToken.parse(tokenText).orElseThrow(InvitationAcceptance::invalid);
	}

	private static ApiProblem invalid() {
		return new ApiProblem(ProblemType.INVITATION_INVALID,
				"This invitation link has expired, was already used, or was revoked; ask for a new one");
	}

}

package com.nexacrm.account;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.organization.OrganizationCreated;
import com.nexacrm.organization.Organizations;
import com.nexacrm.organization.Organizations.MyOrganization;
import com.nexacrm.platform.ratelimit.RateLimiter;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Passwords;
import com.nexacrm.tenant.Role;
import com.nexacrm.security.Sessions;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Sign-up, sign-in, the session's organisation, and creating further organisations. */
@Service
public class AccountService {

	static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

	private final Users users;

	private final Organizations organizations;

	private final Sessions sessions;

	private final Passwords passwords;

	private final RateLimiter limiter;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final LoginSettings login;

	AccountService(Users users, Organizations organizations, Sessions sessions, Passwords passwords,
			RateLimiter limiter, TransactionTemplate transactions, ApplicationEventPublisher events,
			LoginSettings login) {
		this.login = login;
		this.users = users;
		this.organizations = organizations;
		this.sessions = sessions;
		this.passwords = passwords;
		this.limiter = limiter;
		this.transactions = transactions;
		this.events = events;
	}

	/** Creates the user, their organisation with them as owner, and a session. */
	public Sessions.IssuedSession signUp(SignUpRequest request) {
		String email = request.email().trim();
		checkPassword(request.password(), email);
		if (this.users.emailTaken(email)) {
			throw new ApiProblem(ProblemType.EMAIL_TAKEN, "An account with this email already exists; sign in instead");
		}
		UUID userId = UUID.randomUUID();
		UUID orgId = UUID.randomUUID();
		String hash = this.passwords.hash(request.password());
		try {
			Tenancy.run(new TenantContext(orgId, userId, Role.OWNER), () -> this.transactions.execute((status) -> {
				this.users.insert(userId, email, request.name().trim(), hash);
				this.organizations.create(orgId, request.organizationName().trim(), userId);
				this.events.publishEvent(new OrganizationCreated(orgId, userId, request.organizationName().trim()));
				return null;
			}));
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.EMAIL_TAKEN, "An account with this email already exists; sign in instead");
		}
		return this.sessions.create(userId, orgId);
	}

	/** Signs in, throttled per email and per client address against guessing. */
	public Sessions.IssuedSession login(LoginRequest request, String clientAddress) {
		String emailKey = "login:email:" + request.email().trim().toLowerCase(Locale.ROOT);
		String addressKey = "login:addr:" + clientAddress;
		if (this.limiter.count(emailKey) >= this.login.maxFailuresPerEmail()
				|| this.limiter.count(addressKey) >= this.login.maxFailuresPerAddress()) {
			throw tooManyAttempts();
		}
		Optional<Users.User> user = this.users.findByEmail(request.email().trim());
		boolean valid;
		if (user.isPresent()) {
			valid = this.passwords.matches(request.password(), user.get().passwordHash());
		}
		else {
			this.passwords.compareWithDecoy(request.password());
			valid = false;
		}
		if (!valid) {
			this.limiter.hit(emailKey, FAILURE_WINDOW);
			this.limiter.hit(addressKey, FAILURE_WINDOW);
			throw new ApiProblem(ProblemType.INVALID_CREDENTIALS, "Email or password is wrong");
		}
		this.limiter.reset(emailKey);
		UUID userId = user.get().userId();
		List<MyOrganization> mine = myOrganizations(userId);
		UUID active = (request.organizationId() != null)
				? mine.stream()
					.filter((org) -> org.id().equals(request.organizationId()))
					.findFirst()
					.map(MyOrganization::id)
					.orElseThrow(() -> ApiProblem.notFound("Organization"))
				: mine.stream().findFirst().map(MyOrganization::id).orElse(null);
		return this.sessions.create(userId, active);
	}

	public SessionView view(Sessions.Session session) {
		Users.User user = this.users.findById(session.userId()).orElseThrow();
		List<MyOrganization> mine = myOrganizations(session.userId());
		MyOrganization active = mine.stream()
			.filter((org) -> org.id().equals(session.activeOrgId()))
			.findFirst()
			.orElse(null);
		return new SessionView(new SessionView.UserView(user.userId(), user.email(), user.displayName()), active, mine,
				session.csrfToken());
	}

	/**
	 * Makes another of the user's organisations the active one; 404 when they are not a
	 * member.
	 */
	public void switchTo(String sessionToken, UUID userId, UUID orgId) {
		boolean member = myOrganizations(userId).stream().anyMatch((org) -> org.id().equals(orgId));
		if (!member) {
			throw ApiProblem.notFound("Organization");
		}
		this.sessions.switchOrganization(sessionToken, orgId);
	}

	/**
	 * Creates a further organisation owned by the user and switches the session to it.
	 */
	public UUID createOrganization(String sessionToken, UUID userId, String name) {
		UUID orgId = UUID.randomUUID();
		Tenancy.run(new TenantContext(orgId, userId, Role.OWNER), () -> this.transactions.execute((status) -> {
			this.organizations.create(orgId, name.trim(), userId);
			this.events.publishEvent(new OrganizationCreated(orgId, userId, name.trim()));
			return null;
		}));
		this.sessions.switchOrganization(sessionToken, orgId);
		return orgId;
	}

	public void logout(String sessionToken) {
		this.sessions.delete(sessionToken);
	}

	void checkPassword(String password, String email) {
		this.passwords.weakness(password, email).ifPresent((why) -> {
			throw new ApiProblem(ProblemType.VALIDATION, "The password " + why,
					Map.of("errors", List.of(Map.of("field", "password", "message", why))));
		});
	}

	private List<MyOrganization> myOrganizations(UUID userId) {
		return Tenancy.asUser(userId, () -> this.transactions.execute((status) -> this.organizations.mine(userId)));
	}

	private static ApiProblem tooManyAttempts() {
		return new ApiProblem(ProblemType.RATE_LIMITED, "Too many failed sign-ins; wait before trying again",
				Map.of("retryAfterSeconds", FAILURE_WINDOW.toSeconds()));
	}

}

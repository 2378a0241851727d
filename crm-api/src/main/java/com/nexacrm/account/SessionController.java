package com.nexacrm.account;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.nexacrm.organization.Organizations.MyOrganization;
import com.nexacrm.security.Caller;
import com.nexacrm.security.Public;
import com.nexacrm.security.SessionCookies;
import com.nexacrm.security.Sessions;
import com.nexacrm.security.SignedIn;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Accounts", description = "Sign-up, sign-in, the session and the organisation switcher")
class SessionController {

	private final AccountService accounts;

	private final Sessions sessions;

	private final SessionCookies cookies;

	SessionController(AccountService accounts, Sessions sessions, SessionCookies cookies) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.cookies = cookies;
	}

	@PostMapping("/signup")
	@Public
	@Operation(summary = "Create an account and its organisation",
			description = "The new user owns the new organisation and is signed in (session cookie).")
	ResponseEntity<SessionView> signUp(@Valid @RequestBody SignUpRequest request, HttpServletResponse response) {
		return ResponseEntity.status(HttpStatus.CREATED).body(start(this.accounts.signUp(request), response));
	}

	@PostMapping("/session")
	@Public
	@Operation(summary = "Sign in",
			description = "Sets the session cookie. Failed attempts are limited per email and per client address.")
	SessionView login(@Valid @RequestBody LoginRequest request, HttpServletRequest http, HttpServletResponse response) {
		return start(this.accounts.login(request, http.getRemoteAddr()), response);
	}

	@GetMapping("/session")
	@SignedIn
	@Operation(summary = "The current session: user, active organisation and role, organisations, CSRF token")
	SessionView current(HttpServletRequest http) {
		return this.accounts.view(Caller.signedIn(http).session());
	}

	@DeleteMapping("/session")
	@SignedIn
	@Operation(summary = "Sign out")
	ResponseEntity<Void> logout(HttpServletRequest http, HttpServletResponse response) {
		this.accounts.logout(Caller.signedIn(http).sessionToken());
		this.cookies.clear(response);
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/session/organization")
	@SignedIn
	@Operation(summary = "Switch the session to another of the user's organisations")
	SessionView switchOrganization(@Valid @RequestBody SwitchRequest request, HttpServletRequest http) {
		Caller caller = Caller.signedIn(http);
		this.accounts.switchTo(caller.sessionToken(), caller.userId(), request.organizationId());
		return reloaded(caller);
	}

	@GetMapping("/organizations")
	@SignedIn
	@Operation(summary = "The organisations the user belongs to, with their role in each")
	List<MyOrganization> mine(HttpServletRequest http) {
		return this.accounts.view(Caller.signedIn(http).session()).organizations();
	}

	@PostMapping("/organizations")
	@SignedIn
	@Operation(summary = "Create another organisation, owned by the user, and switch to it")
	ResponseEntity<SessionView> createOrganization(@Valid @RequestBody NewOrganization request,
			HttpServletRequest http) {
		Caller caller = Caller.signedIn(http);
		this.accounts.createOrganization(caller.sessionToken(), caller.userId(), request.name());
		return ResponseEntity.status(HttpStatus.CREATED).body(reloaded(caller));
	}

	private SessionView reloaded(Caller caller) {
		return this.accounts.view(this.sessions.find(caller.sessionToken()).orElseThrow());
	}

	private SessionView start(Sessions.IssuedSession issued, HttpServletResponse response) {
		this.cookies.write(response, issued);
		return this.accounts.view(this.sessions.find(issued.token()).orElseThrow());
	}

	record SwitchRequest(@NotNull UUID organizationId) {
	}

	record NewOrganization(@NotBlank @Size(max = 200) String name) {
	}

}

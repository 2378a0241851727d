package com.nexacrm.account;

import java.util.List;
import java.util.UUID;

import com.nexacrm.organization.Organizations.MyOrganization;

/**
 * The signed-in user, the organisation they are working in and their role there, every
 * organisation they can switch to, and the CSRF token to send back on state-changing
 * requests.
 */
public record SessionView(UserView user, MyOrganization activeOrganization, List<MyOrganization> organizations,
		String csrfToken) {

	public record UserView(UUID id, String email, String name) {
	}

}

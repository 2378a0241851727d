package com.nexacrm.organization;

import java.util.UUID;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;

import org.springframework.stereotype.Component;

/**
 * The rules about changing who is in an organisation: only owners touch the owner role,
 * and an organisation always keeps one owner. Runs inside the caller's transaction with
 * the owners locked, so two concurrent demotions cannot both pass.
 */
@Component
class MemberRules {

	private final Members members;

	MemberRules(Members members) {
		this.members = members;
	}

	void changeRole(UUID userId, Role role) {
		int owners = this.members.lockOwners();
		Role current = this.members.lockRole(userId).orElseThrow(() -> ApiProblem.notFound("Member"));
		if ((current == Role.OWNER || role == Role.OWNER) && Tenancy.current().role() != Role.OWNER) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only an owner can grant or take away the owner role");
		}
		if (current == Role.OWNER && role != Role.OWNER && owners <= 1) {
			throw lastOwner();
		}
		this.members.changeRole(userId, role);
	}

	void remove(UUID userId) {
		int owners = this.members.lockOwners();
		Role current = this.members.lockRole(userId).orElseThrow(() -> ApiProblem.notFound("Member"));
		if (current == Role.OWNER && Tenancy.current().role() != Role.OWNER) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only an owner can remove an owner");
		}
		if (current == Role.OWNER && owners <= 1) {
			throw lastOwner();
		}
		this.members.remove(userId);
	}

	void leave(UUID userId) {
		if (userId == null) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "An API key is not a member");
		}
		int owners = this.members.lockOwners();
		Role current = this.members.lockRole(userId).orElseThrow(() -> ApiProblem.notFound("Member"));
		if (current == Role.OWNER && owners <= 1) {
			throw lastOwner();
		}
		this.members.remove(userId);
	}

	private static ApiProblem lastOwner() {
		return new ApiProblem(ProblemType.LAST_OWNER, "Make another member an owner first");
	}

}

/** Organisations (tenants) and their people: members and roles, teams, invitations. */
package com.nexacrm.organization;

/**
 * Who may do what: roles and their permission matrix, and the one guard that
 * authenticates each request (session cookie or API key), resolves membership and role,
 * and sets the tenant.
 */
package com.nexacrm.security;

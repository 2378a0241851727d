package com.nexacrm.tenant;

/**
 * Tenant data was reached for with no organisation resolved: a programming error, never a
 * 4xx.
 */
public class NoTenantContext extends IllegalStateException {

	public NoTenantContext() {
		super("No organisation is set for this thread; tenant data can only be reached inside Tenancy.run");
	}

}

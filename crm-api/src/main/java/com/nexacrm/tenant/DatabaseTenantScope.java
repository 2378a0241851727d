package com.nexacrm.tenant;

import java.util.UUID;
import java.util.concurrent.Callable;

import com.nexacrm.workers.runtime.TenantScope;

import org.springframework.stereotype.Component;

/** Runs a job's work as the organisation that owns its process instance. */
@Component
class DatabaseTenantScope implements TenantScope {

	@Override
	public <T> T call(UUID orgId, Callable<T> work) throws Exception {
		return Tenancy.call(TenantContext.system(orgId), work);
	}

}

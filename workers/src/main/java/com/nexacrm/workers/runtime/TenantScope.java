package com.nexacrm.workers.runtime;

import java.util.UUID;
import java.util.concurrent.Callable;

/** Port: runs work with the given organisation as the current tenant. */
public interface TenantScope {

	<T> T call(UUID orgId, Callable<T> work) throws Exception;

}

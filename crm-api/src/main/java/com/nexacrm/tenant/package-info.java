/**
 * The current tenant: resolved once per request or job, held in a context that throws
 * when read unset, and written into every database transaction for row-level security.
 */
package com.nexacrm.tenant;

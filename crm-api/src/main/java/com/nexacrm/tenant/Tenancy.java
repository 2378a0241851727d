package com.nexacrm.tenant;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.slf4j.MDC;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds the tenant of the current thread. The request guard and the job runtime set it
 * once at the edge; everything below reads it. Switching tenant inside an open
 * transaction is refused, because the transaction's row-level security setting was fixed
 * when it began.
 */
public final class Tenancy {

	private static final ThreadLocal<TenantContext> CURRENT = new ThreadLocal<>();

	private static final ThreadLocal<UUID> CURRENT_USER = new ThreadLocal<>();

	private Tenancy() {
	}

	/** The current tenant; throws {@link NoTenantContext} when none is set. */
	public static TenantContext current() {
		TenantContext context = CURRENT.get();
		if (context == null) {
			throw new NoTenantContext();
		}
		return context;
	}

	public static UUID orgId() {
		return current().orgId();
	}

	/**
	 * The current tenant if one is set; for infrastructure that must work without one.
	 */
	public static Optional<TenantContext> find() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * The authenticated user when no organisation is selected yet (for listing the user's
	 * own memberships); the user of the tenant context otherwise.
	 */
	public static Optional<UUID> user() {
		TenantContext context = CURRENT.get();
		if (context != null && context.userId() != null) {
			return Optional.of(context.userId());
		}
		return Optional.ofNullable(CURRENT_USER.get());
	}

	/** Runs work as the given tenant, restoring the previous one afterwards. */
	public static <T> T call(TenantContext context, Callable<T> work) throws Exception {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Cannot switch tenant inside an open transaction");
		}
		TenantContext previous = CURRENT.get();
		CURRENT.set(context);
		MDC.put("orgId", context.orgId().toString());
		try {
			return work.call();
		}
		finally {
			restore(previous);
		}
	}

	/** Runs work as the given tenant; for work that throws no checked exception. */
	public static <T> T run(TenantContext context, java.util.function.Supplier<T> work) {
		try {
			return call(context, work::get);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs work for an authenticated user who has no organisation selected. */
	public static <T> T asUser(UUID userId, java.util.function.Supplier<T> work) {
		UUID previous = CURRENT_USER.get();
		CURRENT_USER.set(userId);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				CURRENT_USER.remove();
			}
			else {
				CURRENT_USER.set(previous);
			}
		}
	}

	/** Sets the tenant for the rest of a request; the caller must {@link #clear()} it. */
	public static void enter(TenantContext context) {
		CURRENT.set(context);
		MDC.put("orgId", context.orgId().toString());
	}

	public static void enterUser(UUID userId) {
		CURRENT_USER.set(userId);
	}

	/**
	 * Ends the request's tenant; the log context is cleared by the request-id filter
	 * after logging.
	 */
	public static void clear() {
		CURRENT.remove();
		CURRENT_USER.remove();
	}

	private static void restore(TenantContext previous) {
		if (previous == null) {
			CURRENT.remove();
			MDC.remove("orgId");
		}
		else {
			CURRENT.set(previous);
			MDC.put("orgId", previous.orgId().toString());
		}
	}

}

package com.nexacrm.automation;

import java.util.UUID;

/**
 * The engine-side process id of an organisation's version of a shipped process. The
 * engine versions processes by id globally, so an organisation's version deployed under
 * the shipped id would become every organisation's latest; under
 * {@code <shipped id>.o<org id as 32 hex digits>} it is that organisation's alone. The
 * full org id keeps ids from colliding; they need not be secret, as instances are started
 * only by the app, by definition key.
 */
public final class EngineProcessIds {

	private static final String SEPARATOR = ".o";

	private EngineProcessIds() {
	}

	/** The engine id of the organisation's own version of a shipped process. */
	public static String of(UUID orgId, String shippedId) {
		return shippedId + SEPARATOR + orgId.toString().replace("-", "");
	}

}

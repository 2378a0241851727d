package com.nexacrm.workers.slack;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/** Port: what a notification says about a deal of the current organisation. */
public interface DealSummaries {

	Optional<DealSummary> find(UUID dealId);

	/**
	 * @param ownerName the owner's display name, or {@code null} when the deal has none
	 */
	record DealSummary(String name, BigDecimal amount, String currency, String ownerName) {
	}

}

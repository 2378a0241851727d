package com.nexacrm.sales;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A first, explainable lead score from 0 to 100: how reachable the lead is and how good
 * its source tends to be. Organisations change the process (score step) when they want
 * more.
 */
final class LeadScore {

	private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
			"outlook.com", "live.com", "icloud.com", "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me");

	private static final Map<String, Integer> SOURCES = Map.of("referral", 30, "partner", 25, "event", 20, "web form",
			15, "website", 15, "inbound", 15, "webinar", 15, "import", 5, "cold", 0);

	private LeadScore() {
	}

	static int of(Map<String, Object> lead) {
		int score = 10;
		String email = (String) lead.get("email");
		if (email != null) {
			score += 15;
			String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
			if (!FREE_MAIL.contains(domain)) {
				score += 15;
			}
		}
		if (lead.get("phone") != null) {
			score += 10;
		}
		if (lead.get("companyName") != null) {
			score += 10;
		}
		if (lead.get("title") != null) {
			score += 10;
		}
		String source = (String) lead.get("source");
		if (source != null) {
			score += SOURCES.getOrDefault(source.strip().toLowerCase(Locale.ROOT), 5);
		}
		return Math.min(100, score);
	}

}

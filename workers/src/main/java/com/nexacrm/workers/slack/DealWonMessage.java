package com.nexacrm.workers.slack;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** The text of the {@code deal-won} Slack message, in Slack mrkdwn. */
final class DealWonMessage {

	private DealWonMessage() {
	}

	static String text(DealSummaries.DealSummary deal) {
		String owner = (deal.ownerName() != null) ? " — owner " + escape(deal.ownerName()) : "";
		return ":tada: Deal won: *" + escape(deal.name()) + "* — " + amount(deal.amount()) + " " + deal.currency()
				+ owner;
	}

	private static String amount(BigDecimal amount) {
		DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
		return format.format(amount.setScale(2, RoundingMode.HALF_UP));
	}

	/** Slack reads &, < and > as markup; user text must not become links or mentions. */
	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}

package com.nexacrm.deal;

/**
 * Fractional ranks: strings over 0-9A-Za-z that sort in byte order (the column is
 * {@code COLLATE "C"}), with a rank between any two, so moving a card writes one row and
 * a column never needs renumbering.
 */
final class Rank {

	static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int BASE = DIGITS.length();

	private Rank() {
	}

	/**
	 * A rank strictly between {@code before} and {@code after}; either may be
	 * {@code null} for the start or the end of the column.
	 */
	static String between(String before, String after) {
		String low = (before != null) ? before : "";
		if (after != null && low.compareTo(after) >= 0) {
			throw new IllegalArgumentException("before " + before + " must sort before after " + after);
		}
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < 200; i++) {
			int lowDigit = (i < low.length()) ? DIGITS.indexOf(low.charAt(i)) : 0;
			int highDigit = (after != null && i < after.length()) ? DIGITS.indexOf(after.charAt(i)) : BASE;
			if (after != null && i >= after.length()) {
				highDigit = 0;
			}
			if (highDigit - lowDigit > 1) {
				result.append(DIGITS.charAt((lowDigit + highDigit) / 2));
				return result.toString();
			}
			result.append(DIGITS.charAt(lowDigit));
			if (highDigit > lowDigit) {
				// the prefixes now differ: anything above low's remainder is below after
				after = null;
			}
		}
		throw new IllegalArgumentException("No rank between " + before + " and " + after);
	}

}

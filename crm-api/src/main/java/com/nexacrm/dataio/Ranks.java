package com.nexacrm.dataio;

import java.util.ArrayList;
import java.util.List;

/**
 * Board ranks for deals appended to the end of a column in bulk. Ranks are strings over
 * {@code 0-9A-Za-z} compared in byte order (the column is {@code COLLATE "C"}). A batch
 * counts up in base 62 from the column's last rank, widened by a {@code 0} only while the
 * values above it at that width are too few; the next batch goes on counting at the same
 * width, so ranks grow by a digit only every several thousand deals in a column, where
 * halving the space after the last rank for each deal would add a digit every few deals.
 * No rank ends in {@code 0}, so there is always room to move a card in before it.
 */
final class Ranks {

	static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int BASE = DIGITS.length();

	/** Trailing digits whose free values are counted (62^4 is far above any batch). */
	private static final int WINDOW = 4;

	private Ranks() {
	}

	/**
	 * {@code count} increasing ranks, all after {@code last} ({@code null}: empty
	 * column).
	 */
	static List<String> after(String last, int count) {
		StringBuilder digits = new StringBuilder((last == null || last.isEmpty()) ? "V" : last);
		while (freeAbove(digits) < 2L * count) {
			digits.append('0');
		}
		List<String> ranks = new ArrayList<>(count);
		while (ranks.size() < count) {
			increment(digits);
			if (digits.charAt(digits.length() - 1) != '0') {
				ranks.add(digits.toString());
			}
		}
		return ranks;
	}

	/** How many values of the same width the last digits can still count up to. */
	private static long freeAbove(CharSequence digits) {
		int width = Math.min(WINDOW, digits.length());
		long value = 0;
		long max = 1;
		for (int i = digits.length() - width; i < digits.length(); i++) {
			value = value * BASE + digit(digits.charAt(i));
			max *= BASE;
		}
		return max - 1 - value;
	}

	private static void increment(StringBuilder digits) {
		for (int i = digits.length() - 1; i >= 0; i--) {
			int digit = digit(digits.charAt(i));
			if (digit < BASE - 1) {
				digits.setCharAt(i, DIGITS.charAt(digit + 1));
				return;
			}
			digits.setCharAt(i, '0');
		}
		throw new IllegalStateException("No rank after " + digits);
	}

	private static int digit(char c) {
		int digit = DIGITS.indexOf(c);
		if (digit < 0) {
			throw new IllegalArgumentException("Not a rank digit: " + c);
		}
		return digit;
	}

}

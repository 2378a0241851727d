package com.nexacrm.deal;

import java.util.ArrayList;
import java.util.List;

/**
 * Fractional ranks: strings over 0-9A-Za-z that sort in byte order (the column is
 * {@code COLLATE "C"}), with a rank between any two, so moving a card writes one row and
 * a column never needs renumbering.
 * <p>
 * A card placed between two others takes the midpoint. A card added at either end of a
 * column counts on from the end card in base 62 instead: taking the midpoint of the space
 * left after the last card added a digit every six cards, so after about 1,200 cards
 * appended to one column (every deal created, or moved into "Won") its ranks hit the
 * length limit and moves to it failed. Counting widens the rank by a digit only while
 * fewer than {@link #RESERVE} values are left at its width, so each new digit gives room
 * for about 62 times as many cards as the last: ranks grow with the logarithm of the
 * cards added. No rank ends in {@code 0} (the smallest digit), so there is always room
 * before it.
 */
public final class Rank {

	static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int BASE = DIGITS.length();

	/** Trailing digits whose free values are counted (62^4 is far above any batch). */
	private static final int WINDOW = 4;

	/** Values kept free at a rank's width before counting on at the next width. */
	static final long RESERVE = (long) BASE * BASE;

	/** The longest rank made; a column's ranks stay far below it. */
	static final int MAX_LENGTH = 200;

	private Rank() {
	}

	/**
	 * A rank strictly between {@code before} and {@code after}; either may be
	 * {@code null} for the start or the end of the column.
	 * @throws IllegalArgumentException when {@code before} does not sort before
	 * {@code after}, or there is no room left between them
	 */
	public static String between(String before, String after) {
		if (after == null) {
			return after(before, 1).get(0);
		}
		if (before == null || before.isEmpty()) {
			return before(after);
		}
		return midpoint(before, after);
	}

	/**
	 * {@code count} increasing ranks, all after {@code last} ({@code null}: an empty
	 * column): for cards appended to the end of a column, one or a batch at a time.
	 */
	public static List<String> after(String last, int count) {
		StringBuilder digits = new StringBuilder((last == null || last.isEmpty()) ? "V" : last);
		while (freeAbove(digits) < Math.max(2L * count, RESERVE) && digits.length() < MAX_LENGTH) {
			digits.append('0');
		}
		List<String> ranks = new ArrayList<>(count);
		while (ranks.size() < count) {
			increment(digits);
			if (digits.charAt(digits.length() - 1) != '0') {
				ranks.add(checked(digits));
			}
		}
		return ranks;
	}

	/**
	 * A rank before {@code first}: for a card put at the top of a column. Counts down
	 * from it, widened as {@link #after} widens.
	 */
	static String before(String first) {
		StringBuilder digits = new StringBuilder(first);
		while (freeBelow(digits) < RESERVE && digits.length() < MAX_LENGTH) {
			digits.append('0');
		}
		do {
			decrement(digits);
		}
		while (digits.charAt(digits.length() - 1) == '0');
		return checked(digits);
	}

	private static String midpoint(String before, String after) {
		String low = before;
		if (low.compareTo(after) >= 0) {
			throw new IllegalArgumentException("before " + before + " must sort before after " + after);
		}
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < MAX_LENGTH; i++) {
			int lowDigit = (i < low.length()) ? digit(low.charAt(i)) : 0;
			int highDigit = (after != null && i < after.length()) ? digit(after.charAt(i)) : BASE;
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

	/** How many values of the same width the last digits can still count up to. */
	private static long freeAbove(CharSequence digits) {
		long max = 1;
		for (int i = 0; i < Math.min(WINDOW, digits.length()); i++) {
			max *= BASE;
		}
		return max - 1 - window(digits);
	}

	/** How many values of the same width the last digits can still count down to. */
	private static long freeBelow(CharSequence digits) {
		return window(digits);
	}

	private static long window(CharSequence digits) {
		long value = 0;
		for (int i = digits.length() - Math.min(WINDOW, digits.length()); i < digits.length(); i++) {
			value = value * BASE + digit(digits.charAt(i));
		}
		return value;
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
		throw new IllegalArgumentException("No rank after " + digits);
	}

	private static void decrement(StringBuilder digits) {
		for (int i = digits.length() - 1; i >= 0; i--) {
			int digit = digit(digits.charAt(i));
			if (digit > 0) {
				digits.setCharAt(i, DIGITS.charAt(digit - 1));
				return;
			}
			digits.setCharAt(i, DIGITS.charAt(BASE - 1));
		}
		throw new IllegalArgumentException("No rank before " + digits);
	}

	private static String checked(CharSequence digits) {
		if (digits.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("No rank of at most " + MAX_LENGTH + " digits left there");
		}
		return digits.toString();
	}

	private static int digit(char c) {
		int digit = DIGITS.indexOf(c);
		if (digit < 0) {
			throw new IllegalArgumentException("Not a rank digit: " + c);
		}
		return digit;
	}

}

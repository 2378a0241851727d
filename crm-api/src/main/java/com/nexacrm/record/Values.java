package com.nexacrm.record;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.nexacrm.platform.web.EmailAddresses;

/**
 * Turns an input value (from JSON, or text from a CSV cell) into the value stored for a
 * field, or says in plain words why it cannot. Standard fields get JDBC values; custom
 * fields get JSON-compatible values for the {@code custom} document.
 */
public final class Values {

	private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N} _.-]{1,50}");

	private static final Pattern PHONE = Pattern.compile("[+0-9 ()./-]{3,50}");

	private static final Set<String> CURRENCIES = java.util.Currency.getAvailableCurrencies()
		.stream()
		.map(java.util.Currency::getCurrencyCode)
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	private Values() {
	}

	/** A value that cannot be stored in its field. */
	public static class Invalid extends Exception {

		Invalid(String message) {
			super(message);
		}

	}

	/**
	 * Parses a value for a field. Blank text and {@code null} clear the field (and are
	 * refused for required fields by the caller).
	 */
	public static Object parse(Field field, Object raw) throws Invalid {
		if (raw == null || (raw instanceof String text && text.isBlank())) {
			return null;
		}
		return switch (field.type()) {
			case TEXT -> text(field, raw);
			case EMAIL -> {
				String email = text(field, raw).trim();
				if (!EmailAddresses.isValid(email)) {
					throw new Invalid("must be a valid email address");
				}
				yield email;
			}
			case PHONE -> {
				String phone = text(field, raw).trim();
				if (!PHONE.matcher(phone).matches()) {
					throw new Invalid("must be a phone number (digits, spaces, + ( ) . / -)");
				}
				yield phone;
			}
			case URL -> {
				String url = text(field, raw).trim();
				try {
					URI uri = URI.create(url);
					if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
							|| uri.getHost() == null) {
						throw new Invalid("must be an http(s) URL");
					}
				}
				catch (IllegalArgumentException ex) {
					throw new Invalid("must be an http(s) URL");
				}
				yield url;
			}
			case DECIMAL -> {
				BigDecimal number = decimal(raw);
				if (!field.custom() && number.signum() < 0) {
					throw new Invalid("must not be negative");
				}
				if (number.abs().compareTo(new BigDecimal("1e15")) >= 0 || number.scale() > 6) {
					throw new Invalid("is out of range");
				}
				yield field.custom() ? number : number.setScale(2, java.math.RoundingMode.HALF_UP);
			}
			case INTEGER -> {
				BigDecimal number = decimal(raw);
				if (number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.ZERO) < 0
						|| number.compareTo(BigDecimal.valueOf(100)) > 0) {
					throw new Invalid("must be a whole number from 0 to 100");
				}
				yield number.intValueExact();
			}
			case DATE -> {
				try {
					LocalDate date = LocalDate.parse(raw.toString().trim());
					yield field.custom() ? date.toString() : date;
				}
				catch (DateTimeParseException ex) {
					throw new Invalid("must be a date like 2026-12-31");
				}
			}
			case TIMESTAMP -> {
				try {
					yield OffsetDateTime.parse(raw.toString().trim());
				}
				catch (DateTimeParseException ex) {
					throw new Invalid("must be a timestamp like 2026-12-31T09:00:00Z");
				}
			}
			case BOOLEAN -> switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
				case "true", "yes", "1" -> true;
				case "false", "no", "0" -> false;
				default -> throw new Invalid("must be true or false");
			};
			case REFERENCE -> {
				try {
					yield UUID.fromString(raw.toString().trim());
				}
				catch (IllegalArgumentException ex) {
					throw new Invalid("must be an id");
				}
			}
			case ENUM, SELECT -> {
				String value = raw.toString().trim();
				String match = field.options()
					.stream()
					.filter((option) -> option.equalsIgnoreCase(value))
					.findFirst()
					.orElseThrow(() -> new Invalid("must be one of " + String.join(", ", field.options())));
				yield match;
			}
			case MULTI_SELECT -> {
				List<String> chosen = new ArrayList<>();
				for (String value : list(raw)) {
					chosen.add(field.options()
						.stream()
						.filter((option) -> option.equalsIgnoreCase(value))
						.findFirst()
						.orElseThrow(() -> new Invalid("must be among " + String.join(", ", field.options()))));
				}
				yield List.copyOf(new LinkedHashSet<>(chosen));
			}
			case TAGS -> {
				Set<String> tags = new LinkedHashSet<>();
				for (String tag : list(raw)) {
					if (!TAG.matcher(tag).matches()) {
						throw new Invalid("tags are 1 to 50 letters, digits, spaces, _ . or -");
					}
					tags.add(tag.toLowerCase(Locale.ROOT));
				}
				if (tags.size() > 50) {
					throw new Invalid("at most 50 tags");
				}
				yield tags.toArray(String[]::new);
			}
			case CURRENCY_CODE -> {
				String code = raw.toString().trim().toUpperCase(Locale.ROOT);
				if (!CURRENCIES.contains(code)) {
					throw new Invalid("must be an ISO 4217 currency code such as EUR");
				}
				yield code;
			}
		};
	}

	private static String text(Field field, Object raw) throws Invalid {
		if (!(raw instanceof String) && !(raw instanceof Number) && !(raw instanceof Boolean)) {
			throw new Invalid("must be text");
		}
		String text = raw.toString();
		if (field.maxLength() > 0 && text.length() > field.maxLength()) {
			throw new Invalid("must have at most " + field.maxLength() + " characters");
		}
		if (text.indexOf('\0') >= 0) {
			throw new Invalid("must not contain NUL characters");
		}
		return text;
	}

	private static BigDecimal decimal(Object raw) throws Invalid {
		if (raw instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (raw instanceof String text) {
			try {
				return new BigDecimal(text.trim());
			}
			catch (NumberFormatException ex) {
				throw new Invalid("must be a number");
			}
		}
		throw new Invalid("must be a number");
	}

	/** A list from a JSON array or from CSV text separated by semicolons or commas. */
	private static List<String> list(Object raw) throws Invalid {
		if (raw instanceof Collection<?> collection) {
			List<String> values = new ArrayList<>();
			for (Object item : collection) {
				if (item != null && !item.toString().isBlank()) {
					values.add(item.toString().trim());
				}
			}
			return values;
		}
		if (raw instanceof String text) {
			return java.util.Arrays.stream(text.split("[;,]")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
		}
		throw new Invalid("must be a list");
	}

}

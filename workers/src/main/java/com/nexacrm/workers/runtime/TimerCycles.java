package com.nexacrm.workers.runtime;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads BPMN timer cycles so that models can be refused when they would fire too often:
 * the shipped-model lint and the tenant-BPMN validation share this reading.
 */
public final class TimerCycles {

	/** The shortest cycle a model may have. */
	public static final Duration MINIMUM = Duration.ofMinutes(1);

	// R[n]/<duration>, optionally with a start date-time: R3/P3D, R/PT1H,
	// R5/2025-01-01T09:00:00Z/P1D
	private static final Pattern REPEATING_INTERVAL = Pattern.compile("R\\d*/(?:[^/]+/)?(P[^/]+)");

	private TimerCycles() {
	}

	/**
	 * The interval of a literal ISO 8601 repeating interval, calendar parts counted at
	 * their shortest (a month as 28 days); empty for an expression, a cron cycle or text
	 * that is not a repeating interval, which cannot be checked before it runs.
	 */
	public static Optional<Duration> intervalOf(String cycle) {
		Matcher interval = REPEATING_INTERVAL.matcher(cycle.strip());
		if (!interval.matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(durationOf(interval.group(1)));
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			return Optional.empty();
		}
	}

	/** An ISO 8601 duration, with calendar parts counted at their shortest. */
	public static Duration durationOf(String iso) {
		int time = iso.indexOf('T');
		Duration result = Duration.ZERO;
		if (time != 1) {
			Period period = Period.parse((time < 0) ? iso : iso.substring(0, time));
			result = result.plusDays(period.getYears() * 365L + period.getMonths() * 28L + period.getDays());
		}
		if (time >= 0) {
			result = result.plus(Duration.parse("P" + iso.substring(time)));
		}
		return result;
	}

}

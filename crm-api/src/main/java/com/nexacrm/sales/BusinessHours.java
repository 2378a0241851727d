package com.nexacrm.sales;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * An organisation's working week: which days, from when to when, in its time zone. Adds
 * business hours to a moment, for the qualification SLA ("8 business hours" from Friday
 * 16:00 is Monday 15:00).
 */
record BusinessHours(ZoneId zone, LocalTime dayStart, LocalTime dayEnd, Set<DayOfWeek> days) {

	BusinessHours {
		if (!dayStart.isBefore(dayEnd) || days.isEmpty()) {
			throw new IllegalArgumentException("A working day must start before it ends, on at least one day");
		}
	}

	/** The moment {@code hours} business hours after {@code from}. */
	ZonedDateTime plus(ZonedDateTime from, long hours) {
		ZonedDateTime at = from.withZoneSameInstant(this.zone);
		Duration left = Duration.ofHours(hours);
		while (true) {
			if (!this.days.contains(at.getDayOfWeek()) || !at.toLocalTime().isBefore(this.dayEnd)) {
				at = nextDayStart(at);
				continue;
			}
			if (at.toLocalTime().isBefore(this.dayStart)) {
				at = at.with(this.dayStart);
			}
			ZonedDateTime end = at.with(this.dayEnd);
			Duration today = Duration.between(at, end);
			if (left.compareTo(today) <= 0) {
				return at.plus(left);
			}
			left = left.minus(today);
			at = nextDayStart(at);
		}
	}

	private ZonedDateTime nextDayStart(ZonedDateTime at) {
		return at.toLocalDate().plusDays(1).atTime(this.dayStart).atZone(this.zone);
	}

}

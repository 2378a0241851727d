package com.nexacrm.sales;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BusinessHoursTest {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private final BusinessHours week = new BusinessHours(BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

	@Test
	void hoursWithinTheDayStayOnThatDay() {
		assertThat(this.week.plus(at(2030, 1, 7, 10, 0), 3)).isEqualTo(at(2030, 1, 7, 13, 0));
	}

	@Test
	void whatDoesNotFitTodayContinuesNextWorkingMorningAcrossTheWeekend() {
		// Friday 16:00 + 8h = 1h Friday + 7h Monday
		assertThat(this.week.plus(at(2030, 1, 11, 16, 0), 8)).isEqualTo(at(2030, 1, 14, 16, 0));
	}

	@Test
	void aLeadArrivingAtNightStartsCountingAtTheNextDaysStart() {
		assertThat(this.week.plus(at(2030, 1, 7, 22, 30), 2)).isEqualTo(at(2030, 1, 8, 11, 0));
		assertThat(this.week.plus(at(2030, 1, 12, 12, 0), 1)).isEqualTo(at(2030, 1, 14, 10, 0));
	}

	@Test
	void theOrganisationsTimeZoneDecidesAndDaylightSavingIsRespected() {
		ZonedDateTime utcEvening = ZonedDateTime.of(2030, 3, 29, 15, 30, 0, 0, ZoneId.of("UTC"));
		// 16:30 in Berlin on Friday: 30 minutes left, then Monday after the clocks
		// changed
		assertThat(this.week.plus(utcEvening, 2).toInstant()).isEqualTo(at(2030, 4, 1, 10, 30).toInstant());
	}

	@Test
	void aWorkingDayMustMakeSense() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new BusinessHours(BERLIN, LocalTime.of(17, 0), LocalTime.of(9, 0), EnumSet.of(DayOfWeek.MONDAY)));
	}

	private static ZonedDateTime at(int year, int month, int day, int hour, int minute) {
		return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, BERLIN);
	}

}

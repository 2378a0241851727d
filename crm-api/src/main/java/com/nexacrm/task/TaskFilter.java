package com.nexacrm.task;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Which tasks an inbox list shows; also the definition a saved view stores.
 *
 * @param view {@code mine} (assigned to me), {@code team} (a candidate team is one of my
 * teams, or assigned to a member of my teams), {@code unassigned} (no assignee and I am a
 * candidate, or made by hand), {@code overdue} (open and past due, of those I can work;
 * every one for managers)
 * @param status OPEN (the default), DONE or CANCELLED
 * @param priority any of these priorities (all when empty)
 * @param source {@code process} or {@code manual} (both when absent)
 * @param recordType with recordId: the tasks about one record
 */
public record TaskFilter(@NotNull @Pattern(regexp = "^(mine|team|unassigned|overdue)$") String view,
		@Pattern(regexp = "^(OPEN|DONE|CANCELLED)$") String status,
		@Size(max = 4) List<@NotNull @Pattern(regexp = "^(LOW|NORMAL|HIGH|URGENT)$") String> priority,
		@Pattern(regexp = "^(process|manual)$") String source,
		@Pattern(regexp = "^(company|contact|lead|deal)$") String recordType, UUID recordId) {

	public TaskFilter {
		priority = (priority != null) ? List.copyOf(priority) : List.of();
	}

}

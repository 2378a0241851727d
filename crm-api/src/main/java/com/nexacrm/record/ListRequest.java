package com.nexacrm.record;

import java.util.List;

/**
 * What a list asks for: filters ({@code field:op:value}), a search text, a sort
 * ({@code field} or {@code -field}), a page size and the cursor of the previous page.
 *
 * @param filters e.g. {@code amount:gte:1000}, {@code ownerId:eq:me},
 * {@code tags:has:vip}, {@code custom.region:eq:EMEA}
 * @param q free text, matched against the record's name and search document
 * @param sort the sort field, {@code -} for descending; {@code -updatedAt} when absent
 * @param limit page size, 1 to 200
 * @param cursor the {@code nextCursor} of the previous page
 */
public record ListRequest(List<String> filters, String q, String sort, int limit, String cursor) {

	public static final int MAX_LIMIT = 200;

	public ListRequest {
		filters = (filters != null) ? List.copyOf(filters) : List.of();
	}

	public static ListRequest of(List<String> filters, String q, String sort, Integer limit, String cursor) {
		return new ListRequest(filters, q, sort, (limit != null) ? limit : 50, cursor);
	}

}

package com.nexacrm.task;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;

/**
 * An opaque keyset cursor of the inbox: the due date (none sorts last) and id of the last
 * task of a page.
 */
record TaskCursor(OffsetDateTime dueAt, UUID id) {

	private static final ObjectMapper JSON = new ObjectMapper();

	String encode() {
		ObjectNode node = JSON.createObjectNode();
		if (this.dueAt != null) {
			node.put("d", this.dueAt.toString());
		}
		node.put("i", this.id.toString());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
	}

	static TaskCursor decode(String text) {
		try {
			JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(text));
			return new TaskCursor(node.has("d") ? OffsetDateTime.parse(node.path("d").asText()) : null,
					UUID.fromString(node.path("i").asText()));
		}
		catch (Exception ex) {
			throw new ApiProblem(ProblemType.VALIDATION, "The cursor is not valid; start again from the first page");
		}
	}

}

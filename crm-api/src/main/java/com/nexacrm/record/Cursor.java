package com.nexacrm.record;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An opaque keyset cursor: the sort value and id of the last row of a page, and the sort
 * it belongs to (a cursor is refused with another sort).
 */
record Cursor(String sort, String value, UUID id) {

	private static final ObjectMapper JSON = new ObjectMapper();

	String encode() {
		ObjectNode node = JSON.createObjectNode();
		node.put("s", this.sort);
		if (this.value != null) {
			node.put("v", this.value);
		}
		node.put("i", this.id.toString());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
	}

	static Cursor decode(String text) {
		try {
			JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(text));
			return new Cursor(node.path("s").asText(), node.has("v") ? node.path("v").asText() : null,
					UUID.fromString(node.path("i").asText()));
		}
		catch (Exception ex) {
			throw SqlWhere.invalid("The cursor is not valid; start again from the first page");
		}
	}

}

package com.nexacrm.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named fixtures: organisations with owners, members in a role, invitation links read
 * from the outbox the way a person reads their email.
 */
@TestComponent
public class Fixtures {

	public static final String PASSWORD = "a long enough passphrase";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final Pattern LINK = Pattern.compile("token=([A-Za-z0-9_-]+)");

	private final Environment environment;

	private final JdbcTemplate owner;

	Fixtures(Environment environment, OwnerDatabase owner) {
		this.environment = environment;
		this.owner = owner.jdbc();
	}

	public ApiClient anonymous() {
		return new ApiClient(port());
	}

	/** The app's port, known once the server has started. */
	public int port() {
		return this.environment.getRequiredProperty("local.server.port", Integer.class);
	}

	/** A new organisation with its owner signed in. */
	public Org org(String name) {
		String email = uniqueEmail(name + "-owner");
		ApiClient client = anonymous();
		ApiClient.Response response = client.post("/api/v1/signup",
				Map.of("email", email, "password", PASSWORD, "name", name + " Owner", "organizationName", name));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		JsonNode body = response.json();
		return new Org(UUID.fromString(body.at("/activeOrganization/id").asText()), name, client,
				UUID.fromString(body.at("/user/id").asText()), email);
	}

	public Org acmeOrg() {
		return org("Acme");
	}

	public Org globexOrg() {
		return org("Globex");
	}

	/** A new user who joined the organisation in the role, signed in there. */
	public Member memberOf(Org org, String role) {
		String email = uniqueEmail(role.toLowerCase());
		ApiClient.Response invited = org.owner().post("/api/v1/invitations", Map.of("email", email, "role", role));
		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		String token = invitationToken(org.id(), email);
		ApiClient client = anonymous();
		ApiClient.Response accepted = client.post("/api/v1/invitations/accept",
				Map.of("token", token, "name", role + " Person", "password", PASSWORD));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		return new Member(UUID.fromString(accepted.json().at("/user/id").asText()), email, client);
	}

	/**
	 * The token of the newest invitation email sent to the address, as the invitee reads
	 * it.
	 */
	public String invitationToken(UUID orgId, String email) {
		String body = this.owner.queryForObject(
				"""
						select body from email_outbox where org_id = ? and lower(to_address) = lower(?) and template = 'invitation'
						order by created_at desc limit 1""",
				String.class, orgId, email);
		Matcher matcher = LINK.matcher(body);
		assertThat(matcher.find()).as("invitation link in %s", body).isTrue();
		return matcher.group(1);
	}

	public static String uniqueEmail(String name) {
		return name.replaceAll("[^a-z0-9-]", "").toLowerCase() + "-" + SEQUENCE.incrementAndGet() + "-"
				+ UUID.randomUUID().toString().substring(0, 8) + "@example.test";
	}

	/** An organisation and its signed-in owner. */
	public record Org(UUID id, String name, ApiClient owner, UUID ownerId, String ownerEmail) {
	}

	/** A member and their signed-in client. */
	public record Member(UUID id, String email, ApiClient client) {
	}

}

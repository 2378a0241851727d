package com.nexacrm.outbox;

/**
 * The texts of the emails the app sends. Plain text; HTML comes with the email provider.
 */
public final class EmailTemplates {

	private EmailTemplates() {
	}

	static Outbox.OutgoingEmail render(String template, String to, String name, String organization,
			String idempotencyKey) {
		return switch (template) {
			case "welcome" -> new Outbox.OutgoingEmail(to, "Welcome to NexaCRM, " + name, """
					Hi %s,

					Your workspace %s is ready. Invite your team, import your contacts and set up your first
					pipeline to get going.

					— NexaCRM""".formatted(name, organization), template, idempotencyKey);
			default -> throw new IllegalArgumentException("Unknown email template " + template);
		};
	}

	/** The invitation email, with the one-time link. */
	public static Outbox.OutgoingEmail invitation(String to, String inviter, String organization, String link,
			String idempotencyKey) {
		return new Outbox.OutgoingEmail(to, inviter + " invited you to " + organization + " on NexaCRM", """
				Hi,

				%s invited you to join %s on NexaCRM. Accept the invitation here (the link works once and
				expires in 7 days):

				%s

				— NexaCRM""".formatted(inviter, organization, link), "invitation", idempotencyKey);
	}

}

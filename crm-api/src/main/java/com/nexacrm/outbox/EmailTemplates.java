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
			case "onboarding-reminder" -> new Outbox.OutgoingEmail(to, "A few steps left in " + organization, """
					Hi %s,

					Your NexaCRM checklist still has open steps: invite your team, import your data, set up a
					pipeline and connect Slack. Each takes a minute.

					— NexaCRM""".formatted(name), template, idempotencyKey);
			case "trial-ending-soon" -> new Outbox.OutgoingEmail(to, "Your NexaCRM trial ends in a few days", """
					Hi %s,

					The trial of %s ends in a few days. Add a payment method to keep everything as it is.

					— NexaCRM""".formatted(name, organization), template, idempotencyKey);
			case "trial-ends-tomorrow" -> new Outbox.OutgoingEmail(to, "Your NexaCRM trial ends tomorrow", """
					Hi %s,

					The trial of %s ends tomorrow. After that the workspace becomes read-only until a plan is chosen.

					— NexaCRM""".formatted(name, organization), template, idempotencyKey);
			case "trial-expired" -> new Outbox.OutgoingEmail(to, organization + " is now read-only", """
					Hi %s,

					The trial of %s has ended and the workspace is read-only. Choose a plan to continue; nothing
					has been deleted.

					— NexaCRM""".formatted(name, organization), template, idempotencyKey);
			case "deal-won-thank-you" -> new Outbox.OutgoingEmail(to, "Thank you — " + organization, """
					Hi %s,

					Thank you for your trust. We are looking forward to working together.

					— %s""".formatted(name, organization), template, idempotencyKey);
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

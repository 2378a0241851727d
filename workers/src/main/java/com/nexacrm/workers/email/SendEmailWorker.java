package com.nexacrm.workers.email;

import java.util.UUID;

import com.nexacrm.workers.runtime.BusinessOutcome;
import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code send-email}: sends one templated email to a member of the organisation.
 */
public class SendEmailWorker implements JobWorker<SendEmailWorker.Variables> {

	/** BPMN error code modelled on the send-email tasks. */
	public static final String RECIPIENT_UNKNOWN = "recipient-unknown";

	private final Mailer mailer;

	public SendEmailWorker(Mailer mailer) {
		this.mailer = mailer;
	}

	@Override
	public String type() {
		return "send-email";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		if (variables.template() == null || variables.recipientUserId() == null) {
			throw new IllegalArgumentException("send-email needs the variables template and recipientUserId");
		}
		try {
			this.mailer.sendTemplate(variables.template(), variables.recipientUserId(), job.idempotencyKey());
		}
		catch (Mailer.RecipientUnknown ex) {
			throw new BusinessOutcome(RECIPIENT_UNKNOWN, ex.getMessage());
		}
		return null;
	}

	/** The job's variables: ids and small values only. */
	public record Variables(String template, UUID recipientUserId) {
	}

}

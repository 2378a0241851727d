package com.nexacrm.audit;

import java.util.UUID;

/**
 * A change was written to the audit log (published inside its transaction). Lets features
 * react to "the first invitation was sent" or "a pipeline was edited" without each change
 * publishing its own event.
 */
public record AuditRecorded(UUID orgId, String entity, UUID entityId, String action) {
}

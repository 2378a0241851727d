package com.nexacrm.record;

import java.util.UUID;

/**
 * A record was created: through the API, or by a non-silent import. Published inside the
 * creating transaction; automation (a lead's process) listens after commit.
 *
 * @param imported whether it came from a CSV import (automation may pace those)
 */
public record RecordCreated(UUID orgId, RecordType type, UUID id, boolean imported) {
}

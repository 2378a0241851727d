package com.nexacrm.integration;

import java.util.UUID;

/** An organisation connected Slack (published in the transaction that stored it). */
public record SlackConnected(UUID orgId, String checklistKey) {
}

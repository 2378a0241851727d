/**
 * Slack steps: the {@code post-slack-message} worker, the ports it calls and the adapter
 * for Slack's Java client.
 */
package com.nexacrm.workers.slack;

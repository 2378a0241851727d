/**
 * Outgoing email. With no email provider configured every message lands in the outbox
 * table, which the web app shows; each message has an idempotency key so a retried step
 * sends it once.
 */
package com.nexacrm.outbox;

/**
 * Outgoing email. Every message is recorded in the outbox table, which the web app shows;
 * with an email provider configured (Resend) it is also sent through it and marked sent.
 * Each message has an idempotency key so a retried step sends it once.
 */
package com.nexacrm.outbox;

/**
 * Billing steps of the trial: the {@code create-billing-customer},
 * {@code downgrade-organisation} and {@code activate-subscription} workers, the billing
 * provider port and the app-side port that keeps the organisation's plan.
 */
package com.nexacrm.workers.billing;

/**
 * Billing: each organisation's trial and plan, the billing provider adapter (provider
 * {@code none} keeps customers locally), payments, and the read-only state of an
 * organisation whose trial ended unpaid.
 */
package com.nexacrm.billing;

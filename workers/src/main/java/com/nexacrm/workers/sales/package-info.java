/**
 * The CRM steps of lead-to-close: one worker per job type, each calling the
 * {@link com.nexacrm.workers.sales.SalesSteps} port that the application implements.
 */
package com.nexacrm.workers.sales;

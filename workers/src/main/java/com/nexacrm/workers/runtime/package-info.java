/**
 * Runs job workers per tenant: resolves the owning organisation, retries and BPMN errors.
 */
package com.nexacrm.workers.runtime;

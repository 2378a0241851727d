/**
 * Web forms: public lead capture for an organisation's website. Each form has a secret
 * token in its URL; a submission becomes a lead without owner, so lead-to-close routes
 * it.
 */
package com.nexacrm.webform;

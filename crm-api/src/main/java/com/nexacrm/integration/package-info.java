/**
 * Integrations with third-party services: each organisation's Slack connection (managed
 * under {@code /api/v1/integrations/slack}), the email provider, and the application's
 * side of the ports the Slack and timeline workers call.
 */
package com.nexacrm.integration;

/**
 * Email steps: the {@code send-email} worker, the mail port it calls, and the Resend
 * adapter behind the provider port.
 */
package com.nexacrm.workers.email;

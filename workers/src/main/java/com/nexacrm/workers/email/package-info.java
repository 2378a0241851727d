/** Email steps: the {@code send-email} worker and the mail port it calls. */
package com.nexacrm.workers.email;

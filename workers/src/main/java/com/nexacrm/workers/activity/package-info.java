/** Timeline steps: the {@code record-activity} worker and the deal timeline port. */
package com.nexacrm.workers.activity;

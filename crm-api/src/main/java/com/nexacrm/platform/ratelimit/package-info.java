/** Rate limits on Redis when configured, in process memory otherwise. */
package com.nexacrm.platform.ratelimit;

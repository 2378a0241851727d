/** Infrastructure every feature stands on: database, engine, web errors, rate limits. */
package com.nexacrm.platform;

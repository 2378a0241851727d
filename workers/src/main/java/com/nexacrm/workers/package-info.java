/**
 * Zeebe job workers: one class per job type, each calling one port that the application
 * implements, run for the organisation that owns the process instance.
 */
package com.nexacrm.workers;

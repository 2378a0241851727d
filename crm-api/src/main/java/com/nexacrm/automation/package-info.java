/**
 * Tenant-designed automation: an organisation's own versions of the shipped processes,
 * validated, stored, deployed under an engine id of that organisation only, and rolled
 * back.
 */
package com.nexacrm.automation;

/** Lead records: the generic record endpoints for the lead type. */
package com.nexacrm.lead;

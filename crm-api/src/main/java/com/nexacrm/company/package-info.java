/** Company records: the generic record endpoints for the company type. */
package com.nexacrm.company;

/** Contact records: the generic record endpoints for the contact type. */
package com.nexacrm.contact;

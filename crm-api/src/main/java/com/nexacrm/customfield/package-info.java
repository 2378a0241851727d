/** The organisation's custom fields on leads, contacts, companies and deals. */
package com.nexacrm.customfield;

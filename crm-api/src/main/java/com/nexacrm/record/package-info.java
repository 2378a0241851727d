/**
 * The records of the CRM (companies, contacts, leads, deals) described once as data:
 * their fields, types and rules. Lists, filters, sorting, cursors, validation, custom
 * fields, CSV import and export are all driven by these descriptions, so every record
 * type behaves alike.
 */
package com.nexacrm.record;

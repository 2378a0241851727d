/** Tasks: created by hand or (later) by processes, assigned, due, linked to a record. */
package com.nexacrm.task;

/** The audit log: who changed what, when, on every mutation of a record. */
package com.nexacrm.audit;

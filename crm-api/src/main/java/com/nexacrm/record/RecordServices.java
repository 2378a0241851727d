package com.nexacrm.record;

import com.nexacrm.audit.AuditLog;

import org.springframework.stereotype.Component;

/** What every record controller needs, in one constructor argument. */
@Component
public record RecordServices(Records records, Activities activities, AuditLog audit, Duplicates duplicates,
		Merges merges, CsvExport export, org.springframework.transaction.support.TransactionTemplate transactions) {
}

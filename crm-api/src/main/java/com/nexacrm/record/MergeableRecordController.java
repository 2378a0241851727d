package com.nexacrm.record;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.nexacrm.security.RecordAction;
import com.nexacrm.security.RecordAction.Action;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** Record types whose duplicates are found and merged: companies, contacts, leads. */
public abstract class MergeableRecordController extends RecordController {

	protected MergeableRecordController(RecordServices services) {
		super(services);
	}

	@PostMapping("/{id}/merge")
	@RecordAction(Action.UPDATE)
	@Transactional
	@Operation(summary = "Merge a duplicate into this record",
			description = "Fills this record's empty fields from the duplicate, combines tags, moves the duplicate's "
					+ "timeline, tasks and references here, and deletes the duplicate.")
	public Map<String, Object> merge(@PathVariable UUID id, @Valid @RequestBody MergeRequest body) {
		return this.merges.merge(type(), id, body.duplicateId());
	}

	@GetMapping("/{id}/duplicates")
	@RecordAction(Action.READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Records that are probably the same as this one")
	public List<Map<String, Object>> duplicatesOf(@PathVariable UUID id) {
		return this.duplicates.of(type(), this.records.get(type(), id));
	}

	/** The duplicate to merge into this record. */
	public record MergeRequest(@NotNull UUID duplicateId) {
	}

}

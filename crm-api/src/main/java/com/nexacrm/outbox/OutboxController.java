package com.nexacrm.outbox;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Requires;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/outbox")
@Validated
@Tag(name = "Outbox",
		description = "Email the organisation sent: kept here without an email provider, marked SENT when the provider took it")
class OutboxController {

	private final Outbox outbox;

	OutboxController(Outbox outbox) {
		this.outbox = outbox;
	}

	@GetMapping
	@Requires(Permission.OUTBOX_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The newest emails first")
	List<Outbox.Email> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return this.outbox.list(limit);
	}

}

package com.nexacrm.lead;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.record.MergeableRecordController;
import com.nexacrm.record.RecordServices;
import com.nexacrm.record.RecordType;
import com.nexacrm.security.RecordAction;
import com.nexacrm.security.RecordAction.Action;
import com.nexacrm.security.RecordResource;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/leads")
@RecordResource("lead")
@Tag(name = "Leads")
class LeadController extends MergeableRecordController {

	private final LeadConversion conversion;

	LeadController(RecordServices services, LeadConversion conversion) {
		super(services);
		this.conversion = conversion;
	}

	@PostMapping("/{id}/convert")
	@RecordAction(Action.UPDATE)
	@Transactional
	@Operation(summary = "Convert the lead into a contact, a company and a deal",
			description = "Reuses the contact with the lead's email and the company with its email domain or "
					+ "company name. The deal goes to the named pipeline/stage, else the first pipeline's first open "
					+ "stage; currency defaults to EUR.")
	Map<String, Object> convert(@PathVariable UUID id, @Valid @RequestBody(required = false) Conversion body) {
		Conversion request = (body != null) ? body : new Conversion(null, null, null, null, null);
		return this.conversion.convert(id, new LeadConversion.ConvertRequest(request.pipelineId(), request.stageId(),
				request.dealTitle(), request.amount(), request.currency()));
	}

	record Conversion(UUID pipelineId, UUID stageId, @Size(max = 300) String dealTitle,
			@DecimalMin("0") @Digits(integer = 15, fraction = 2) BigDecimal amount,
			@Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as EUR") String currency) {
	}

	@Override
	protected RecordType type() {
		return RecordType.LEAD;
	}

}

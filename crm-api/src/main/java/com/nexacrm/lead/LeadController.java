package com.nexacrm.lead;

import io.swagger.v3.oas.annotations.tags.Tag;

import com.nexacrm.record.MergeableRecordController;
import com.nexacrm.record.RecordServices;
import com.nexacrm.record.RecordType;
import com.nexacrm.security.RecordResource;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/leads")
@RecordResource("lead")
@Tag(name = "Leads")
class LeadController extends MergeableRecordController {

	LeadController(RecordServices services) {
		super(services);
	}

	@Override
	protected RecordType type() {
		return RecordType.LEAD;
	}

}

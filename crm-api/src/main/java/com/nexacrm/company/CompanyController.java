package com.nexacrm.company;

import io.swagger.v3.oas.annotations.tags.Tag;

import com.nexacrm.record.MergeableRecordController;
import com.nexacrm.record.RecordServices;
import com.nexacrm.record.RecordType;
import com.nexacrm.security.RecordResource;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/companies")
@RecordResource("company")
@Tag(name = "Companies")
class CompanyController extends MergeableRecordController {

	CompanyController(RecordServices services) {
		super(services);
	}

	@Override
	protected RecordType type() {
		return RecordType.COMPANY;
	}

}

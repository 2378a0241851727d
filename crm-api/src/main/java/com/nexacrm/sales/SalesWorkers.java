package com.nexacrm.sales;

import com.nexacrm.workers.sales.ConvertLeadWorker;
import com.nexacrm.workers.sales.EscalateToManagerWorker;
import com.nexacrm.workers.sales.HandOffDealWorker;
import com.nexacrm.workers.sales.NotifyRottingDealWorker;
import com.nexacrm.workers.sales.RecordDisqualificationWorker;
import com.nexacrm.workers.sales.RouteLeadWorker;
import com.nexacrm.workers.sales.RunStageAutomationWorker;
import com.nexacrm.workers.sales.SalesSteps;
import com.nexacrm.workers.sales.ScoreLeadWorker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lead-to-close job workers, on the application's {@link SalesSteps}. */
@Configuration(proxyBeanMethods = false)
class SalesWorkers {

	@Bean
	RouteLeadWorker routeLeadWorker(SalesSteps steps) {
		return new RouteLeadWorker(steps);
	}

	@Bean
	ScoreLeadWorker scoreLeadWorker(SalesSteps steps) {
		return new ScoreLeadWorker(steps);
	}

	@Bean
	EscalateToManagerWorker escalateToManagerWorker(SalesSteps steps) {
		return new EscalateToManagerWorker(steps);
	}

	@Bean
	RecordDisqualificationWorker recordDisqualificationWorker(SalesSteps steps) {
		return new RecordDisqualificationWorker(steps);
	}

	@Bean
	ConvertLeadWorker convertLeadWorker(SalesSteps steps) {
		return new ConvertLeadWorker(steps);
	}

	@Bean
	RunStageAutomationWorker runStageAutomationWorker(SalesSteps steps) {
		return new RunStageAutomationWorker(steps);
	}

	@Bean
	NotifyRottingDealWorker notifyRottingDealWorker(SalesSteps steps) {
		return new NotifyRottingDealWorker(steps);
	}

	@Bean
	HandOffDealWorker handOffDealWorker(SalesSteps steps) {
		return new HandOffDealWorker(steps);
	}

}

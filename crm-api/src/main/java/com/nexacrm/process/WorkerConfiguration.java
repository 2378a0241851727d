package com.nexacrm.process;

import java.util.List;

import io.camunda.client.CamundaClient;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.EngineSettings;
import com.nexacrm.workers.billing.ActivateSubscriptionWorker;
import com.nexacrm.workers.billing.BillingProvider;
import com.nexacrm.workers.billing.CreateBillingCustomerWorker;
import com.nexacrm.workers.billing.DowngradeOrganisationWorker;
import com.nexacrm.workers.billing.OrganizationPlans;
import com.nexacrm.workers.email.Mailer;
import com.nexacrm.workers.email.SendEmailWorker;
import com.nexacrm.workers.runtime.InstanceOwners;
import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.RetryBackoff;
import com.nexacrm.workers.runtime.TenantScope;
import com.nexacrm.workers.runtime.WorkerRuntime;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job workers of this process, opened once the app has started when its roles include
 * {@code worker}, and closed first on shutdown so no job is left half-done.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	SendEmailWorker sendEmailWorker(Mailer mailer) {
		return new SendEmailWorker(mailer);
	}

	@Bean
	CreateBillingCustomerWorker createBillingCustomerWorker(OrganizationPlans plans, BillingProvider provider) {
		return new CreateBillingCustomerWorker(plans, provider);
	}

	@Bean
	DowngradeOrganisationWorker downgradeOrganisationWorker(OrganizationPlans plans) {
		return new DowngradeOrganisationWorker(plans);
	}

	@Bean
	ActivateSubscriptionWorker activateSubscriptionWorker(OrganizationPlans plans, BillingProvider provider) {
		return new ActivateSubscriptionWorker(plans, provider);
	}

	@Bean
	WorkerRuntime workerRuntime(CamundaClient client, InstanceOwners owners, TenantScope scope, EngineEpoch epoch) {
		return new WorkerRuntime(client, owners, scope, RetryBackoff.defaults(), epoch.value());
	}

	@Bean
	SmartLifecycle workerLifecycle(WorkerRuntime runtime, List<JobWorker<?>> workers, EngineSettings.Local local,
			ProcessModels models) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				if (local.runsWorkers()) {
					runtime.open(workers, local.jobTimeout());
				}
				this.running = true;
			}

			@Override
			public void stop() {
				runtime.close();
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

}

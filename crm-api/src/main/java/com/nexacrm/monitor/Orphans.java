package com.nexacrm.monitor;

import java.util.concurrent.CompletableFuture;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.platform.engine.EngineEpoch;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Settles process instances that no organisation will ever own: the app started them but
 * never bound them (the create command's answer was lost, or the binding failed, and the
 * start was made again), or someone started them around the app. None of their jobs can
 * run. A tombstone takes the binding's place ({@code org_id} null, {@code orphaned_at}
 * set, the same primary key), so a binding that comes even later fails and its start is
 * made again rather than tie a record to a cancelled instance; then the instance is
 * cancelled. The embedded {@link Projection} finds them in the record stream, the
 * {@link RemoteProjection} among the instances whose jobs found no owner.
 */
@Component
class Orphans {

	private static final Logger log = LoggerFactory.getLogger(Orphans.class);

	private final JdbcClient jdbc;

	private final String epoch;

	private final ObjectProvider<CamundaClient> client;

	Orphans(JdbcClient jdbc, EngineEpoch epoch, ObjectProvider<CamundaClient> client) {
		this.jdbc = jdbc;
		this.epoch = epoch.value();
		this.client = client;
	}

	/**
	 * Puts a tombstone in the instance's binding's place unless it is bound.
	 * @return true when the instance is now settled (by this call or an earlier one),
	 * false when an organisation owns it after all
	 */
	boolean tombstone(long instanceKey, String bpmnProcessId) {
		int written = this.jdbc.sql("""
				insert into process_instance_owner
				    (engine_epoch, process_instance_key, bpmn_process_id, orphaned_at)
				values (?, ?, ?, now()) on conflict do nothing""")
			.params(this.epoch, instanceKey, bpmnProcessId)
			.update();
		if (written == 1) {
			return true;
		}
		// a statement of its own: the insert's snapshot predates the binding it waited on
		return this.jdbc.sql(
				"select org_id is null from process_instance_owner where process_instance_key = ? and engine_epoch = ?")
			.params(instanceKey, this.epoch)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Asks the engine to cancel the instance; an instance that already ended counts as
	 * cancelled.
	 * @return completes when the engine took the cancel, exceptionally when it did not
	 * (logged here)
	 */
	CompletableFuture<Void> cancel(long instanceKey, String bpmnProcessId) {
		log.warn("Process instance {} of {} was never bound to an organisation, so none of its jobs can run;"
				+ " cancelling it", instanceKey, bpmnProcessId);
		CompletableFuture<Void> cancelled = new CompletableFuture<>();
		this.client.getObject().newCancelInstanceCommand(instanceKey).send().whenComplete((done, failure) -> {
			if (failure == null || failure instanceof ClientStatusException status
					&& status.getStatusCode() == Status.Code.NOT_FOUND) {
				cancelled.complete(null);
			}
			else {
				log.warn("Could not cancel process instance {}, which has no owner", instanceKey, failure);
				cancelled.completeExceptionally(failure);
			}
		});
		return cancelled;
	}

}

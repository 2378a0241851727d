package com.nexacrm.platform.engine;

/**
 * Published (as a Spring application event) when the engine cancels a job without it
 * being completed: its instance was cancelled, or an interrupting event left the task.
 * The task inbox closes the CRM task held for a user-task job on this event.
 *
 * @param jobKey the cancelled job
 * @param processInstanceKey its process instance
 * @param jobType the job type, {@code io.camunda.zeebe:userTask} for user tasks
 */
public record EngineJobCanceled(long jobKey, long processInstanceKey, String jobType) {

}

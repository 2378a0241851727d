/**
 * The task inbox: tasks made by hand and the BPMN user tasks of processes, held as tasks
 * with assignee, candidates, due date, priority, form and record; claimed, assigned and
 * completed here, which completes the process's job.
 */
package com.nexacrm.task;

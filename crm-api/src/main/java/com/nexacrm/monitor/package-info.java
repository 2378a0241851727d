/**
 * Watching and repairing running processes: a per-organisation projection of the engine's
 * records (instances, elements, incidents, jobs, diagrams) and the operator's actions on
 * them (retry, cancel, move).
 */
package com.nexacrm.monitor;

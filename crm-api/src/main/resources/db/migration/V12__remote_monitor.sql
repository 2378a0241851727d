-- Remote mode's monitor (docs/adr/0007-process-monitoring.md) polls the cluster for every bound
-- instance it has not yet seen end. It cannot ask the projection which ones those are without
-- reading every organisation's rows (row-level security), so the end is noted on the binding, a
-- routing table of ids like the rest of it. Set in remote mode only: embedded mode follows the
-- record stream and leaves it null.
alter table process_instance_owner add column monitor_ended_at timestamptz;

create index process_instance_owner_monitor_open_idx
    on process_instance_owner (engine_epoch, org_id, process_instance_key) where monitor_ended_at is null;

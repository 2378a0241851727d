-- The monitor projection writes rows by their engine key (element instance, job, incident,
-- instance). Each of those tables had a second index starting with the same
-- (org_id, engine_epoch) as its primary key. Without current statistics (autovacuum off, or
-- an engine epoch the statistics have not seen yet, which is every epoch after a restart) the
-- planner rated both the same and could take the second index for a key look-up, walking every
-- row of the organisation's epoch: 4.9 ms per element update at 17,000 rows, growing with the
-- projection, and most of the database's time in a lead-throughput run.
--
-- org_id stays first everywhere (DESIGN.md: ready to shard by organisation). After it, the
-- primary keys now name the row's own key before the epoch, and the look-ups by process
-- instance name the instance key, so a second index matches a key look-up on org_id alone and
-- can no longer pass for the primary key.

drop index process_element_instance_path_idx;
create index process_element_instance_path_idx
    on process_element_instance (org_id, process_instance_key, engine_epoch, position);
alter table process_element_instance drop constraint process_element_instance_pkey,
    add primary key (org_id, element_instance_key, engine_epoch);

drop index process_job_instance_idx;
create index process_job_instance_idx on process_job (org_id, process_instance_key, engine_epoch);
alter table process_job drop constraint process_job_pkey,
    add primary key (org_id, job_key, engine_epoch);

drop index process_incident_instance_idx;
create index process_incident_instance_idx on process_incident (org_id, process_instance_key, engine_epoch);
alter table process_incident drop constraint process_incident_pkey,
    add primary key (org_id, incident_key, engine_epoch);

alter table process_instance drop constraint process_instance_pkey,
    add primary key (org_id, process_instance_key, engine_epoch);

-- The same for the instance bindings (a global table, looked up before the organisation is
-- known): the projection looks owners up by instance key in batches, and the planner read the
-- whole epoch through the business-key index (9.8 ms a batch of 500). That index now starts
-- with the organisation, which every business-key look-up names, and the primary key with the
-- instance key, so a batch of keys is found key by key.
drop index process_instance_owner_business_idx;
create index process_instance_owner_business_idx
    on process_instance_owner (org_id, engine_epoch, business_key);
alter table process_instance_owner drop constraint process_instance_owner_pkey,
    add primary key (process_instance_key, engine_epoch);

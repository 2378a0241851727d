-- Remote mode has no record stream to see an instance nobody bound (an orphan of a start whose
-- answer was lost). Its jobs still reach the app's workers, which find no owner: each such
-- instance is noted here once, and the remote monitor settles it (tombstone binding, then a
-- cancel) when it has been seen unowned for long enough. A global routing table of ids, like
-- process_instance_owner.
create table unbound_instance_sighting (
    engine_epoch           text not null,
    process_instance_key   bigint not null,
    bpmn_process_id        text not null,
    process_definition_key bigint not null,
    first_seen_at          timestamptz not null default now(),
    primary key (process_instance_key, engine_epoch)
);

create index unbound_instance_sighting_seen_idx on unbound_instance_sighting (engine_epoch, first_seen_at);

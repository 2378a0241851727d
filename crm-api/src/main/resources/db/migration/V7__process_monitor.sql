-- The monitoring projection of the engine's records (docs/adr/0007-process-monitoring.md): per
-- organisation, the process instances it owns (through process_instance_owner), their element
-- instances, incidents and jobs, and the BPMN XML of each definition one of its instances ran. Keys
-- are the engine's, unique within one engine epoch only, so the epoch is part of every key. Written
-- by the record reader in the owning organisation's context; same tenancy rules as V1/V2. The
-- business key is read from process_instance_owner, where it can change (a lead's instance follows
-- its deal), so it is not copied here.

create table process_definition (
    org_id                 uuid not null references organization on delete cascade,
    engine_epoch           text not null,
    process_definition_key bigint not null,
    bpmn_process_id        text not null,
    version                int not null,
    resource_name          text not null,
    bpmn_xml               text not null,
    primary key (org_id, engine_epoch, process_definition_key)
);

create table process_instance (
    org_id                 uuid not null references organization on delete cascade,
    engine_epoch           text not null,
    process_instance_key   bigint not null,
    bpmn_process_id        text not null,
    version                int not null,
    process_definition_key bigint not null,
    parent_instance_key    bigint,
    state                  text not null check (state in ('ACTIVE', 'COMPLETED', 'TERMINATED')),
    open_incidents         int not null default 0,
    started_at             timestamptz not null,
    ended_at               timestamptz,
    primary key (org_id, engine_epoch, process_instance_key)
);
create index process_instance_started_idx
    on process_instance (org_id, engine_epoch, started_at desc, process_instance_key desc);

create table process_element_instance (
    org_id               uuid not null references organization on delete cascade,
    engine_epoch         text not null,
    element_instance_key bigint not null,
    process_instance_key bigint not null,
    element_id           text not null,
    element_type         text not null,
    flow_scope_key       bigint,
    state                text not null check (state in ('ACTIVE', 'COMPLETED', 'TERMINATED', 'TAKEN')),
    -- the log position of its first record: the order in which the instance went through the diagram
    position             bigint not null,
    started_at           timestamptz not null,
    ended_at             timestamptz,
    primary key (org_id, engine_epoch, element_instance_key)
);
create index process_element_instance_path_idx
    on process_element_instance (org_id, engine_epoch, process_instance_key, position);

create table process_incident (
    org_id               uuid not null references organization on delete cascade,
    engine_epoch         text not null,
    incident_key         bigint not null,
    process_instance_key bigint not null,
    bpmn_process_id      text not null,
    element_id           text not null,
    element_instance_key bigint not null,
    error_type           text not null,
    error_message        text,
    job_key              bigint,
    state                text not null check (state in ('ACTIVE', 'RESOLVED')),
    created_at           timestamptz not null,
    resolved_at          timestamptz,
    primary key (org_id, engine_epoch, incident_key)
);
create index process_incident_instance_idx on process_incident (org_id, engine_epoch, process_instance_key);
create index process_incident_open_idx on process_incident (org_id, engine_epoch, state, created_at desc, incident_key desc);

create table process_job (
    org_id               uuid not null references organization on delete cascade,
    engine_epoch         text not null,
    job_key              bigint not null,
    process_instance_key bigint not null,
    element_id           text not null,
    element_instance_key bigint not null,
    job_type             text not null,
    retries              int not null,
    state                text not null,
    error_message        text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    primary key (org_id, engine_epoch, job_key)
);
create index process_job_instance_idx on process_job (org_id, engine_epoch, process_instance_key);

do $$
declare
    t text;
begin
    foreach t in array array['process_definition', 'process_instance', 'process_element_instance', 'process_incident',
                             'process_job'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

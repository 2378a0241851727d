-- Tenant-designed automation (ADR 0006): every BPMN version an organisation uploads, which one is
-- active per process, and the engine definition each version has in each engine epoch (the
-- embedded engine forgets its definitions on restart, so the app redeploys active versions).
-- Same rules as V1: org_id first in every key and index, row-level security forced.

create table process_version (
    org_id             uuid not null references organization on delete cascade,
    version_id         uuid not null,
    bpmn_process_id    text not null,
    version            integer not null check (version > 0),
    xml                text not null,
    sha256             text not null,
    size_bytes         integer not null,
    created_by_user_id uuid,
    created_by_key_id  uuid,
    created_at         timestamptz not null default now(),
    primary key (org_id, version_id),
    unique (org_id, bpmn_process_id, version)
);

-- The active version of each process an organisation has changed; no row: the shipped model.
create table process_design (
    org_id            uuid not null references organization on delete cascade,
    bpmn_process_id   text not null,
    active_version_id uuid not null,
    activated_at      timestamptz not null default now(),
    primary key (org_id, bpmn_process_id),
    foreign key (org_id, active_version_id) references process_version (org_id, version_id)
);

create table process_version_definition (
    org_id                 uuid not null,
    version_id             uuid not null,
    engine_epoch           text not null,
    process_definition_key bigint not null,
    deployed_at            timestamptz not null default now(),
    primary key (org_id, version_id, engine_epoch),
    foreign key (org_id, version_id) references process_version (org_id, version_id) on delete cascade
);

do $$
declare t text;
begin
    foreach t in array array['process_version', 'process_design', 'process_version_definition'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

-- Global routing table (ids only, like process_instance_owner): which organisations have an
-- active version of which process, read at start-up, before any tenant is known, to redeploy
-- them on a fresh engine. The versions themselves stay behind row-level security.
create table designed_process (
    org_id          uuid not null references organization on delete cascade,
    bpmn_process_id text not null,
    primary key (org_id, bpmn_process_id)
);

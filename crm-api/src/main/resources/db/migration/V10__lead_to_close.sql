-- Lead-to-close under process control: routing (absence, capacity, round-robin cursor), the
-- qualification SLA in business hours, per-stage automation, exactly-once job side effects, and
-- the queue of process starts that imports and restarts go through.
-- Same rules as V1: org_id first in every index, RLS forced on every tenant table.

alter table membership add column absent boolean not null default false;
alter table membership add column capacity int check (capacity between 0 and 100000);

alter table organization add column routing_strategy text not null default 'ROUND_ROBIN'
    check (routing_strategy in ('ROUND_ROBIN', 'LEAST_LOADED'));
alter table organization add column qualification_sla_hours int not null default 8
    check (qualification_sla_hours between 1 and 2000);
alter table organization add column business_day_start time not null default '09:00';
alter table organization add column business_day_end time not null default '17:00';
alter table organization add column business_days int[] not null default '{1,2,3,4,5}';
alter table organization add constraint organization_business_hours_check
    check (business_day_start < business_day_end and cardinality(business_days) between 1 and 7
           and business_days <@ array[1, 2, 3, 4, 5, 6, 7]);

-- Round-robin position per pool of reps ('org' or a team id).
create table routing_cursor (
    org_id       uuid not null references organization on delete cascade,
    pool         text not null,
    last_user_id uuid,
    primary key (org_id, pool)
);

-- What a deal entering a stage triggers.
create table stage_automation (
    org_id         uuid not null,
    stage_id       uuid not null,
    task_title     text check (length(task_title) between 1 and 300),
    task_due_days  int check (task_due_days between 0 and 365),
    email_template text check (email_template in ('deal-won-thank-you')),
    notify_owner   boolean not null default false,
    updated_at     timestamptz not null default now(),
    primary key (org_id, stage_id),
    foreign key (org_id, stage_id) references stage on delete cascade
);

-- The result of a job's side effect, keyed by the job: a job delivered twice finds it and
-- does nothing more. Written in the same transaction as the effect.
create table job_effect (
    org_id     uuid not null references organization on delete cascade,
    effect_key text not null,
    result     jsonb,
    created_at timestamptz not null default now(),
    primary key (org_id, effect_key)
);

do $$
declare
    t text;
begin
    foreach t in array array['routing_cursor', 'stage_automation', 'job_effect'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

-- Global, like process_instance_owner: process starts waiting to be made, written in the
-- transaction that created the record (so a crash never loses one) and drained at a bounded
-- rate, interactive starts before imported ones. resume: bring an existing record back under
-- control where it stands (after an engine restart) instead of starting it from the beginning.
create table process_start_queue (
    queue_id    bigserial primary key,
    org_id      uuid not null,
    record_type text not null check (record_type in ('lead', 'deal')),
    record_id   uuid not null,
    priority    smallint not null default 0,
    resume      boolean not null default false,
    enqueued_at timestamptz not null default now(),
    unique (org_id, record_type, record_id)
);
create index process_start_queue_next_idx on process_start_queue (priority, queue_id);

-- "Does this record have its instance in the current engine epoch?"
create index process_instance_owner_business_idx on process_instance_owner (engine_epoch, org_id, business_key);

-- Web forms: a public endpoint per form that creates leads in its organisation (routed, scored and
-- put under lead-to-close like any new lead). Only the token's hash is kept.
create table web_form (
    org_id      uuid not null references organization on delete cascade,
    form_id     uuid not null,
    name        text not null check (length(name) between 1 and 100),
    secret_hash bytea not null,
    created_by  uuid,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    submissions bigint not null default 0,
    primary key (org_id, form_id)
);
alter table web_form enable row level security;
alter table web_form force row level security;
create policy tenant_isolation on web_form using (org_id = app_org()) with check (org_id = app_org());

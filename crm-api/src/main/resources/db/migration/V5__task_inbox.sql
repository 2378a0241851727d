-- The task inbox: tasks held for BPMN user-task jobs (ADR 0003) next to tasks made by hand,
-- and saved inbox views shared in the organisation.

-- A task made by hand has no job. A process task keeps its job: the engine incarnation
-- (engine_epoch, as in process_instance_owner) and the job key identify it, since the
-- embedded engine hands out the same keys again after a restart.
alter table task
    add column engine_epoch         text,
    add column job_key              bigint,
    add column process_instance_key bigint,
    add column bpmn_process_id      text check (length(bpmn_process_id) <= 300),
    add column element_id           text check (length(element_id) <= 300),
    add column form_key             text check (length(form_key) <= 300),
    add column candidate_team_ids   uuid[] not null default '{}',
    add column candidate_role       text check (candidate_role in ('MANAGER')),
    add column job_deadline         timestamptz,
    add column completed_by         uuid,
    add constraint task_job_check check ((job_key is null) = (engine_epoch is null)
                                         and (job_key is null) = (process_instance_key is null));

-- One task per job, however often the engine delivers it.
create unique index task_job_key on task (org_id, job_key, engine_epoch) where job_key is not null;
-- The inbox lists open tasks by due date (null last), then id.
create index task_inbox_idx on task (org_id, status, (coalesce(due_at, 'infinity'::timestamptz)), task_id);

create table task_view (
    org_id     uuid not null references organization on delete cascade,
    view_id    uuid not null,
    name       text not null check (length(name) between 1 and 100),
    filter     jsonb not null,
    created_by uuid,
    version    int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, view_id),
    foreign key (org_id, created_by) references membership (org_id, user_id) on delete set null (created_by)
);
create unique index task_view_name_key on task_view (org_id, lower(name));

alter table task_view enable row level security;
alter table task_view force row level security;
create policy tenant_isolation on task_view using (org_id = app_org()) with check (org_id = app_org());

-- CRM core: pipelines, companies, contacts, leads, deals, activities (the timeline), tasks, custom
-- fields, record visibility, the audit log and imports. Same rules as V1: org_id first in every key
-- and index, row-level security forced with a policy on app_org().

create extension if not exists pg_trgm;
create extension if not exists btree_gin;

create table role_visibility (
    org_id uuid not null references organization on delete cascade,
    role   text not null check (role in ('OWNER', 'ADMIN', 'MANAGER', 'MEMBER', 'VIEWER')),
    scope  text not null check (scope in ('OWN', 'TEAM', 'ALL')),
    primary key (org_id, role)
);

create table pipeline (
    org_id      uuid not null references organization on delete cascade,
    pipeline_id uuid not null,
    name        text not null check (length(name) between 1 and 100),
    position    int not null default 0,
    created_at  timestamptz not null default now(),
    primary key (org_id, pipeline_id)
);
create unique index pipeline_name_key on pipeline (org_id, lower(name));

create table stage (
    org_id       uuid not null,
    stage_id     uuid not null,
    pipeline_id  uuid not null,
    name         text not null check (length(name) between 1 and 100),
    position     int not null,
    probability  int not null check (probability between 0 and 100),
    kind         text not null check (kind in ('OPEN', 'WON', 'LOST')),
    rotting_days int check (rotting_days between 1 and 3650),
    primary key (org_id, stage_id),
    foreign key (org_id, pipeline_id) references pipeline on delete cascade
);
create index stage_pipeline_idx on stage (org_id, pipeline_id, position);

create table company (
    org_id     uuid not null references organization on delete cascade,
    company_id uuid not null,
    name       text not null check (length(name) between 1 and 300),
    domain     text check (length(domain) <= 253),
    phone      text check (length(phone) <= 50),
    industry   text check (length(industry) <= 100),
    owner_id   uuid,
    tags       text[] not null default '{}',
    custom     jsonb not null default '{}',
    version    int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search     tsvector generated always as (to_tsvector('simple', name || ' ' || coalesce(domain, ''))) stored,
    primary key (org_id, company_id),
    foreign key (org_id, owner_id) references membership (org_id, user_id) on delete set null (owner_id)
);
create index company_owner_idx on company (org_id, owner_id);
create index company_updated_idx on company (org_id, updated_at desc, company_id);
create index company_search_idx on company using gin (org_id, search);
create index company_name_trgm_idx on company using gin (org_id, name gin_trgm_ops);
create index company_tags_idx on company using gin (org_id, tags);

create table contact (
    org_id     uuid not null references organization on delete cascade,
    contact_id uuid not null,
    first_name text check (length(first_name) <= 100),
    last_name  text not null check (length(last_name) between 1 and 100),
    email      text check (length(email) <= 254),
    phone      text check (length(phone) <= 50),
    title      text check (length(title) <= 100),
    company_id uuid,
    owner_id   uuid,
    tags       text[] not null default '{}',
    custom     jsonb not null default '{}',
    version    int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search     tsvector generated always as (to_tsvector('simple',
                   coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, ''))) stored,
    primary key (org_id, contact_id),
    foreign key (org_id, company_id) references company on delete set null (company_id),
    foreign key (org_id, owner_id) references membership (org_id, user_id) on delete set null (owner_id)
);
create index contact_company_idx on contact (org_id, company_id);
create index contact_owner_idx on contact (org_id, owner_id);
create index contact_updated_idx on contact (org_id, updated_at desc, contact_id);
create index contact_search_idx on contact using gin (org_id, search);
create index contact_name_trgm_idx on contact using gin (org_id, (coalesce(first_name, '') || ' ' || last_name) gin_trgm_ops);
create index contact_tags_idx on contact using gin (org_id, tags);

create table lead (
    org_id               uuid not null references organization on delete cascade,
    lead_id              uuid not null,
    name                 text not null check (length(name) between 1 and 200),
    email                text check (length(email) <= 254),
    phone                text check (length(phone) <= 50),
    company_name         text check (length(company_name) <= 300),
    title                text check (length(title) <= 100),
    source               text check (length(source) <= 100),
    status               text not null default 'NEW'
                         check (status in ('NEW', 'WORKING', 'QUALIFIED', 'DISQUALIFIED', 'CONVERTED')),
    disqualify_reason    text check (length(disqualify_reason) <= 500),
    score                int check (score between 0 and 100),
    owner_id             uuid,
    converted_contact_id uuid,
    converted_company_id uuid,
    converted_deal_id    uuid,
    tags                 text[] not null default '{}',
    custom               jsonb not null default '{}',
    version              int not null default 1,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    search               tsvector generated always as (to_tsvector('simple',
                             name || ' ' || coalesce(email, '') || ' ' || coalesce(company_name, ''))) stored,
    primary key (org_id, lead_id),
    foreign key (org_id, owner_id) references membership (org_id, user_id) on delete set null (owner_id)
);
create index lead_owner_idx on lead (org_id, owner_id, status);
create index lead_updated_idx on lead (org_id, updated_at desc, lead_id);
create index lead_search_idx on lead using gin (org_id, search);
create index lead_name_trgm_idx on lead using gin (org_id, name gin_trgm_ops);
create index lead_tags_idx on lead using gin (org_id, tags);

create table deal (
    org_id              uuid not null references organization on delete cascade,
    deal_id             uuid not null,
    title               text not null check (length(title) between 1 and 300),
    amount              numeric(18, 2) not null default 0 check (amount >= 0),
    currency            char(3) not null check (currency ~ '^[A-Z]{3}$'),
    expected_close_date date,
    probability         int check (probability between 0 and 100),
    owner_id            uuid,
    source              text check (length(source) <= 100),
    pipeline_id         uuid not null,
    stage_id            uuid not null,
    rank                text collate "C" not null,
    status              text not null default 'OPEN' check (status in ('OPEN', 'WON', 'LOST')),
    lost_reason         text check (length(lost_reason) <= 500),
    closed_at           timestamptz,
    contact_id          uuid,
    company_id          uuid,
    lead_id             uuid,
    tags                text[] not null default '{}',
    custom              jsonb not null default '{}',
    version             int not null default 1,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    stage_entered_at    timestamptz not null default now(),
    last_activity_at    timestamptz not null default now(),
    search              tsvector generated always as (to_tsvector('simple', title)) stored,
    primary key (org_id, deal_id),
    foreign key (org_id, pipeline_id) references pipeline,
    foreign key (org_id, stage_id) references stage,
    foreign key (org_id, contact_id) references contact on delete set null (contact_id),
    foreign key (org_id, company_id) references company on delete set null (company_id),
    foreign key (org_id, owner_id) references membership (org_id, user_id) on delete set null (owner_id)
);
-- the board: one column is a range of this index, in rank order, with what its totals need
create index deal_board_idx on deal (org_id, pipeline_id, stage_id, rank, deal_id)
    include (amount, currency, probability, owner_id);
create index deal_owner_idx on deal (org_id, owner_id, pipeline_id, stage_id);
-- the default "biggest first" list: range and sort on amount stay in the index under RLS
create index deal_amount_idx on deal (org_id, amount desc nulls last, deal_id desc);
create index deal_updated_idx on deal (org_id, updated_at desc, deal_id);
create index deal_company_idx on deal (org_id, company_id);
create index deal_contact_idx on deal (org_id, contact_id);
create index deal_search_idx on deal using gin (org_id, search);
create index deal_title_trgm_idx on deal using gin (org_id, title gin_trgm_ops);
create index deal_tags_idx on deal using gin (org_id, tags);

-- Running totals per column and currency, kept by statement-level triggers in the same transaction
-- as every deal write, so an unfiltered board does not add up every deal on each request. The
-- weighted total is read as weighted_explicit + stage probability x amount_stage_probability, so a
-- stage's probability can change without recomputing anything.
create table stage_total (
    org_id                   uuid not null,
    stage_id                 uuid not null,
    currency                 char(3) not null,
    deal_count               bigint not null default 0,
    amount                   numeric not null default 0,
    amount_stage_probability numeric not null default 0,
    weighted_explicit        numeric not null default 0,
    primary key (org_id, stage_id, currency),
    foreign key (org_id, stage_id) references stage on delete cascade
);

create function deal_totals_apply() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        insert into stage_total as t (org_id, stage_id, currency, deal_count, amount, amount_stage_probability,
                                      weighted_explicit)
        select org_id, stage_id, currency, count(*), sum(amount),
               coalesce(sum(amount) filter (where probability is null), 0),
               coalesce(sum(amount * probability / 100.0) filter (where probability is not null), 0)
        from new_rows group by org_id, stage_id, currency
        on conflict (org_id, stage_id, currency) do update
            set deal_count = t.deal_count + excluded.deal_count, amount = t.amount + excluded.amount,
                amount_stage_probability = t.amount_stage_probability + excluded.amount_stage_probability,
                weighted_explicit = t.weighted_explicit + excluded.weighted_explicit;
    elsif tg_op = 'DELETE' then
        update stage_total t
        set deal_count = t.deal_count - d.n, amount = t.amount - d.amount,
            amount_stage_probability = t.amount_stage_probability - d.plain,
            weighted_explicit = t.weighted_explicit - d.weighted
        from (select org_id, stage_id, currency, count(*) as n, sum(amount) as amount,
                     coalesce(sum(amount) filter (where probability is null), 0) as plain,
                     coalesce(sum(amount * probability / 100.0) filter (where probability is not null), 0) as weighted
              from old_rows group by org_id, stage_id, currency) d
        where t.org_id = d.org_id and t.stage_id = d.stage_id and t.currency = d.currency;
    else
        -- only rows whose column, currency, amount or probability changed move totals
        with changed as (
            select o.org_id, o.stage_id as old_stage, o.currency as old_currency, o.amount as old_amount,
                   o.probability as old_probability, n.stage_id as new_stage, n.currency as new_currency,
                   n.amount as new_amount, n.probability as new_probability
            from old_rows o join new_rows n on n.org_id = o.org_id and n.deal_id = o.deal_id
            where (o.stage_id, o.currency, o.amount, o.probability)
                  is distinct from (n.stage_id, n.currency, n.amount, n.probability)),
        deltas as (
            select org_id, old_stage as stage_id, old_currency as currency, -1 as n, -old_amount as amount,
                   case when old_probability is null then -old_amount else 0 end as plain,
                   case when old_probability is null then 0 else -old_amount * old_probability / 100.0 end as weighted
            from changed
            union all
            select org_id, new_stage, new_currency, 1, new_amount,
                   case when new_probability is null then new_amount else 0 end,
                   case when new_probability is null then 0 else new_amount * new_probability / 100.0 end
            from changed)
        insert into stage_total as t (org_id, stage_id, currency, deal_count, amount, amount_stage_probability,
                                      weighted_explicit)
        select org_id, stage_id, currency, sum(n), sum(amount), sum(plain), sum(weighted)
        from deltas group by org_id, stage_id, currency
        on conflict (org_id, stage_id, currency) do update
            set deal_count = t.deal_count + excluded.deal_count, amount = t.amount + excluded.amount,
                amount_stage_probability = t.amount_stage_probability + excluded.amount_stage_probability,
                weighted_explicit = t.weighted_explicit + excluded.weighted_explicit;
    end if;
    return null;
end $$;

create trigger deal_totals_insert after insert on deal
    referencing new table as new_rows for each statement execute function deal_totals_apply();
create trigger deal_totals_update after update on deal
    referencing old table as old_rows new table as new_rows for each statement execute function deal_totals_apply();
create trigger deal_totals_delete after delete on deal
    referencing old table as old_rows for each statement execute function deal_totals_apply();

-- The timeline of every record: calls, meetings, emails, notes, stage changes, system events.
create table activity (
    org_id      uuid not null references organization on delete cascade,
    activity_id uuid not null,
    record_type text not null check (record_type in ('company', 'contact', 'lead', 'deal')),
    record_id   uuid not null,
    kind        text not null check (kind in ('CALL', 'MEETING', 'EMAIL', 'NOTE', 'STAGE_CHANGE', 'SYSTEM')),
    subject     text check (length(subject) <= 300),
    body        text check (length(body) <= 20000),
    data        jsonb not null default '{}',
    actor_id    uuid,
    occurred_at timestamptz not null default now(),
    created_at  timestamptz not null default now(),
    primary key (org_id, activity_id)
);
create index activity_record_idx on activity (org_id, record_type, record_id, occurred_at desc, activity_id);

create table task (
    org_id       uuid not null references organization on delete cascade,
    task_id      uuid not null,
    title        text not null check (length(title) between 1 and 300),
    description  text check (length(description) <= 5000),
    due_at       timestamptz,
    assignee_id  uuid,
    priority     text not null default 'NORMAL' check (priority in ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    status       text not null default 'OPEN' check (status in ('OPEN', 'DONE', 'CANCELLED')),
    record_type  text check (record_type in ('company', 'contact', 'lead', 'deal')),
    record_id    uuid,
    created_by   uuid,
    version      int not null default 1,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    completed_at timestamptz,
    primary key (org_id, task_id),
    foreign key (org_id, assignee_id) references membership (org_id, user_id) on delete set null (assignee_id)
);
create index task_assignee_idx on task (org_id, assignee_id, status, due_at);
create index task_record_idx on task (org_id, record_type, record_id);

create table custom_field (
    org_id     uuid not null references organization on delete cascade,
    field_id   uuid not null,
    entity     text not null check (entity in ('company', 'contact', 'lead', 'deal')),
    key        text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label      text not null check (length(label) between 1 and 100),
    type       text not null check (type in ('TEXT', 'NUMBER', 'DATE', 'SELECT', 'MULTI_SELECT', 'CURRENCY',
                                             'BOOLEAN', 'URL', 'EMAIL')),
    options    text[] not null default '{}',
    required   boolean not null default false,
    position   int not null default 0,
    created_at timestamptz not null default now(),
    primary key (org_id, field_id)
);
create unique index custom_field_key on custom_field (org_id, entity, key);

create table audit_log (
    org_id         uuid not null references organization on delete cascade,
    audit_id       uuid not null,
    occurred_at    timestamptz not null default now(),
    actor_user_id  uuid,
    actor_key_id   uuid,
    entity         text not null,
    entity_id      uuid not null,
    action         text not null,
    changes        jsonb not null default '{}',
    primary key (org_id, audit_id)
);
create index audit_entity_idx on audit_log (org_id, entity, entity_id, occurred_at desc);

create table import_job (
    org_id      uuid not null references organization on delete cascade,
    import_id   uuid not null,
    entity      text not null check (entity in ('company', 'contact', 'lead', 'deal')),
    status      text not null check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    mode        text not null check (mode in ('SILENT', 'NORMAL')),
    dedupe      text not null check (dedupe in ('SKIP', 'UPDATE', 'CREATE')),
    mapping     jsonb not null,
    file_name   text,
    file_bytes  bigint not null default 0,
    rows_read   bigint not null default 0,
    inserted    bigint not null default 0,
    updated     bigint not null default 0,
    skipped     bigint not null default 0,
    failed      bigint not null default 0,
    message     text,
    created_by  uuid,
    created_at  timestamptz not null default now(),
    started_at  timestamptz,
    finished_at timestamptz,
    primary key (org_id, import_id)
);

create table import_error (
    org_id     uuid not null,
    import_id  uuid not null,
    row_number bigint not null,
    message    text not null,
    raw        text,
    primary key (org_id, import_id, row_number),
    foreign key (org_id, import_id) references import_job on delete cascade
);

do $$
declare
    t text;
begin
    foreach t in array array['role_visibility', 'pipeline', 'stage', 'stage_total', 'company', 'contact', 'lead', 'deal',
                             'activity', 'task', 'custom_field', 'audit_log', 'import_job', 'import_error'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

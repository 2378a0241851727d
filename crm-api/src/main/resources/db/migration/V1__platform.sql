-- Tenancy primitives. Every tenant table has org_id first in its primary key and indexes, row-level
-- security enabled and FORCEd, and a policy on the transaction-local setting app.org_id, which the
-- application writes with set_config(..., true) at the start of every transaction.

create function app_org() returns uuid
    language sql stable parallel safe
as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

create function app_user() returns uuid
    language sql stable parallel safe
as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

-- Global tables (no tenant): people who can sign in, and their sessions.

create table app_user (
    user_id       uuid primary key,
    email         text not null check (length(email) <= 254),
    display_name  text not null check (length(display_name) between 1 and 200),
    password_hash text not null,
    created_at    timestamptz not null default now()
);
create unique index app_user_email_key on app_user (lower(email));

create table user_session (
    token_hash    bytea primary key,
    user_id       uuid not null references app_user on delete cascade,
    active_org_id uuid,
    csrf_token    text not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null
);
create index user_session_user_idx on user_session (user_id);

-- Routing: which organisation owns a process instance. Read by job workers before any tenant is
-- known; holds ids only. See docs/adr/0001-tenancy.md. Instance keys are unique per engine
-- incarnation only (the embedded engine starts again from the same keys after a restart), so the
-- engine's epoch is part of the key.
create table process_instance_owner (
    engine_epoch         text not null,
    process_instance_key bigint not null,
    org_id               uuid not null,
    bpmn_process_id      text not null,
    business_key         text,
    started_at           timestamptz not null default now(),
    primary key (engine_epoch, process_instance_key)
);

-- Tenant tables.

create table organization (
    org_id     uuid primary key,
    name       text not null check (length(name) between 1 and 200),
    time_zone  text not null default 'UTC',
    created_at timestamptz not null default now()
);

create table membership (
    org_id     uuid not null references organization on delete cascade,
    user_id    uuid not null references app_user on delete cascade,
    role       text not null check (role in ('OWNER', 'ADMIN', 'MANAGER', 'MEMBER', 'VIEWER')),
    created_at timestamptz not null default now(),
    primary key (org_id, user_id)
);

create table team (
    org_id     uuid not null references organization on delete cascade,
    team_id    uuid not null,
    name       text not null check (length(name) between 1 and 100),
    created_at timestamptz not null default now(),
    primary key (org_id, team_id)
);
create unique index team_name_key on team (org_id, lower(name));

create table team_member (
    org_id  uuid not null,
    team_id uuid not null,
    user_id uuid not null,
    primary key (org_id, team_id, user_id),
    foreign key (org_id, team_id) references team on delete cascade,
    foreign key (org_id, user_id) references membership on delete cascade
);
create index team_member_user_idx on team_member (org_id, user_id);

create table invitation (
    org_id        uuid not null references organization on delete cascade,
    invitation_id uuid not null,
    email         text not null check (length(email) <= 254),
    role          text not null check (role in ('ADMIN', 'MANAGER', 'MEMBER', 'VIEWER', 'OWNER')),
    team_id       uuid,
    secret_hash   bytea not null,
    invited_by    uuid not null references app_user,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    accepted_at   timestamptz,
    accepted_by   uuid references app_user,
    revoked_at    timestamptz,
    primary key (org_id, invitation_id),
    foreign key (org_id, team_id) references team on delete set null (team_id)
);
create unique index invitation_open_email_key on invitation (org_id, lower(email))
    where accepted_at is null and revoked_at is null;

create table api_key (
    org_id       uuid not null references organization on delete cascade,
    api_key_id   uuid not null,
    name         text not null check (length(name) between 1 and 100),
    scopes       text[] not null,
    prefix       text not null,
    secret_hash  bytea not null,
    created_by   uuid not null references app_user,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    primary key (org_id, api_key_id)
);

create table email_outbox (
    org_id          uuid not null references organization on delete cascade,
    email_id        uuid not null,
    idempotency_key text not null,
    to_address      text not null,
    subject         text not null,
    body            text not null,
    template        text not null,
    status          text not null default 'QUEUED' check (status in ('QUEUED', 'SENT', 'FAILED')),
    created_at      timestamptz not null default now(),
    primary key (org_id, email_id)
);
create unique index email_outbox_idempotency_key on email_outbox (org_id, idempotency_key);
create index email_outbox_created_idx on email_outbox (org_id, created_at desc);

-- Row-level security. A user also sees their own memberships, and the organisations they belong
-- to, across tenants (for the organisation switcher); writes are always limited to app_org().

alter table organization enable row level security;
alter table organization force row level security;
create policy tenant_read on organization for select
    using (org_id = app_org()
        or exists (select 1 from membership m where m.org_id = organization.org_id and m.user_id = app_user()));
create policy tenant_insert on organization for insert with check (org_id = app_org());
create policy tenant_update on organization for update using (org_id = app_org()) with check (org_id = app_org());
create policy tenant_delete on organization for delete using (org_id = app_org());

alter table membership enable row level security;
alter table membership force row level security;
create policy tenant_read on membership for select using (org_id = app_org() or user_id = app_user());
create policy tenant_insert on membership for insert with check (org_id = app_org());
create policy tenant_update on membership for update using (org_id = app_org()) with check (org_id = app_org());
create policy tenant_delete on membership for delete using (org_id = app_org());

do $$
declare
    t text;
begin
    foreach t in array array['team', 'team_member', 'invitation', 'api_key', 'email_outbox'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

-- Integrations: each organisation's Slack connection, the Slack posts its processes made, the
-- provider's answer for email sent through Resend, and one system activity per job.
-- Same rules as V1: org_id first in every index, RLS forced on every tenant table.

-- The bot token is stored encrypted (AES-256-GCM, key outside the database); the API never
-- returns it, only its last four characters.
create table slack_connection (
    org_id           uuid not null references organization on delete cascade,
    channel          text not null check (length(channel) between 1 and 80),
    bot_token        bytea not null,
    token_last4      text not null check (length(token_last4) <= 4),
    connected_by     uuid,
    connected_at     timestamptz not null default now(),
    primary key (org_id)
);

-- A post-slack-message job delivered twice finds its post here and posts nothing more.
create table slack_post (
    org_id          uuid not null references organization on delete cascade,
    idempotency_key text not null check (length(idempotency_key) <= 200),
    channel         text not null,
    message_ts      text not null,
    posted_at       timestamptz not null default now(),
    primary key (org_id, idempotency_key)
);

do $$
declare
    t text;
begin
    foreach t in array array['slack_connection', 'slack_post'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

-- Email handed to a provider keeps its answer: which provider, its message id, when.
alter table email_outbox add column provider text;
alter table email_outbox add column provider_message_id text;
alter table email_outbox add column sent_at timestamptz;
alter table email_outbox add column last_error text check (length(last_error) <= 500);

-- A record-activity job delivered twice adds one activity: the job's key is kept in the
-- activity's data and is unique per organisation.
create unique index activity_idempotency_key on activity (org_id, (data ->> 'idempotencyKey'))
    where data ->> 'idempotencyKey' is not null;

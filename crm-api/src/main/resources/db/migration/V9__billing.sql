-- Billing: each organisation's trial and plan, the payments recorded for it, and the customers of
-- the local billing provider ("none"). Same rules as V1: org_id first in every key and index,
-- row-level security FORCEd with the tenant policy.

create table billing_account (
    org_id              uuid not null references organization on delete cascade,
    -- the correlation key of the trial's payment-received message: random, never shown to tenants
    trial_key           uuid not null,
    owner_user_id       uuid not null,
    trial_ends_at       timestamptz not null,
    status              text not null check (status in ('TRIALING', 'ACTIVE', 'EXPIRED')),
    billing_customer_id text check (length(billing_customer_id) <= 200),
    subscription_id     text check (length(subscription_id) <= 200),
    status_changed_at   timestamptz not null default now(),
    created_at          timestamptz not null default now(),
    primary key (org_id)
);
create unique index billing_account_trial_key on billing_account (org_id, trial_key);

create table billing_payment (
    org_id          uuid not null references organization on delete cascade,
    payment_id      uuid not null,
    amount_cents    bigint not null check (amount_cents > 0),
    currency        text not null check (currency ~ '^[A-Z]{3}$'),
    subscription_id text check (length(subscription_id) <= 200),
    recorded_by     uuid,
    created_at      timestamptz not null default now(),
    primary key (org_id, payment_id)
);
create index billing_payment_created_idx on billing_payment (org_id, created_at desc);

-- The customers of provider "none": kept here instead of at a provider, one per idempotency key.
create table billing_local_customer (
    org_id          uuid not null references organization on delete cascade,
    customer_id     text not null,
    idempotency_key text not null,
    email           text not null,
    name            text not null,
    created_at      timestamptz not null default now(),
    primary key (org_id, customer_id)
);
create unique index billing_local_customer_key on billing_local_customer (org_id, idempotency_key);

do $$
declare
    t text;
begin
    foreach t in array array['billing_account', 'billing_payment', 'billing_local_customer'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = app_org()) with check (org_id = app_org())', t);
    end loop;
end $$;

-- After a restart of the embedded engine the app brings every running trial back. Finding them is
-- the one read across tenants: this function, owned by the migrating role, returns only the ids of
-- organisations whose trial runs. The app role can call it but still reads no billing row of another
-- organisation; the extra policy applies to the owning role only (FORCE covers the owner too).
create policy trial_recovery_scan on billing_account for select to current_user using (true);

create function trialing_organizations() returns setof uuid
    language sql stable security definer set search_path = public
as $$ select org_id from billing_account where status = 'TRIALING' $$;

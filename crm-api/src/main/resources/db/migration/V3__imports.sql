-- Duplicate keys that an index can serve under row-level security. The app role's queries carry
-- the tenant policy, and PostgreSQL lets a condition use an index beneath that policy only when
-- its functions are leakproof; lower() is not, so the (org_id, lower(email)) indexes of V2 are
-- never used by the app role: a look-up by lower(email) reads every row of the organisation. A
-- stored lower-cased copy compared with = (texteq, leakproof) is served by its index. (V2 therefore
-- has no lower() indexes.)
-- Same rules as V1: org_id first in every index.

alter table contact add column email_key text generated always as (lower(email)) stored;
create index contact_email_key_idx on contact (org_id, email_key);

alter table lead add column email_key text generated always as (lower(email)) stored;
create index lead_email_key_idx on lead (org_id, email_key);

alter table company add column domain_key text generated always as (lower(domain)) stored;
create index company_domain_key_idx on company (org_id, domain_key);

-- Search that its indexes can serve under row-level security (docs/adr/0008-search-under-row-level-security.md).
--
-- Beneath a policy, PostgreSQL uses a condition as an index condition only when its operator is
-- leakproof; @@ (tsvector) and ILIKE (pg_trgm) are not, so for the app role the search read every
-- row of the organisation. search_records() runs the look-up as nexacrm_search, a NOLOGIN role with
-- BYPASSRLS, so the GIN indexes are used. It takes no organisation: it reads app_org(), the same
-- transaction-local setting the policies read, and filters org_id itself; it applies the caller's
-- visibility (the owners it may see, null for all) and returns ids and scores only. The app reads
-- the rows by id through row-level security as usual.

do $$
declare
    existing record;
begin
    select rolcanlogin, rolsuper, rolbypassrls into existing from pg_roles where rolname = 'nexacrm_search';
    if not found then
        if (select rolsuper from pg_roles where rolname = current_user) then
            create role nexacrm_search nologin nosuperuser bypassrls nocreatedb nocreaterole noinherit;
        else
            -- Creating a BYPASSRLS role needs a superuser. Without it the function still returns
            -- exactly the same rows (its owner is then subject to the tenant policy), only without
            -- the GIN indexes; an administrator can later run ALTER ROLE nexacrm_search BYPASSRLS.
            create role nexacrm_search nologin nosuperuser nocreatedb nocreaterole noinherit;
            execute format('grant nexacrm_search to %I', current_user);
            raise warning 'nexacrm_search was created without BYPASSRLS (that needs a superuser): search stays correct but is not served by its indexes until ALTER ROLE nexacrm_search BYPASSRLS';
        end if;
    elsif existing.rolcanlogin or existing.rolsuper then
        raise exception 'the role nexacrm_search must be NOLOGIN and not a superuser';
    end if;
end $$;

grant usage on schema public to nexacrm_search;
grant select (org_id, company_id, owner_id, name, search) on company to nexacrm_search;
grant select (org_id, contact_id, owner_id, first_name, last_name, search) on contact to nexacrm_search;
grant select (org_id, lead_id, owner_id, name, search) on lead to nexacrm_search;
grant select (org_id, deal_id, owner_id, title, search) on deal to nexacrm_search;

-- kind: company, contact, lead or deal; words: a to_tsquery('simple') expression or null;
-- fragment: the text the name is compared with for similarity; pattern: an ILIKE pattern for the
-- name; owners: the owners whose records the caller may see, null for all; max_rows: at most 50.
-- Scores are those of the search before: ts_rank (0 without words) plus the name's similarity.
create function search_records(kind text, words text, fragment text, pattern text, owners uuid[], max_rows int)
    returns table (record_id uuid, score real)
    language plpgsql stable security definer rows 50
    set search_path = pg_catalog, public, pg_temp
as $$
declare
    org uuid := public.app_org();
    tsq tsquery := case when words is null then null else to_tsquery('simple', words) end;
    n int := least(greatest(coalesce(max_rows, 10), 1), 50);
begin
    if org is null then
        return;
    end if;
    if kind = 'company' then
        return query
        select r.company_id, (coalesce(ts_rank(r.search, tsq), 0) + public.similarity(r.name, fragment))::real
        from public.company r
        where r.org_id = org and (r.search @@ tsq or r.name ilike pattern)
          and (owners is null or r.owner_id = any (owners))
        order by 2 desc, 1
        limit n;
    elsif kind = 'contact' then
        return query
        select r.contact_id, (coalesce(ts_rank(r.search, tsq), 0)
                              + public.similarity(coalesce(r.first_name, '') || ' ' || r.last_name, fragment))::real
        from public.contact r
        where r.org_id = org
          and (r.search @@ tsq or (coalesce(r.first_name, '') || ' ' || r.last_name) ilike pattern)
          and (owners is null or r.owner_id = any (owners))
        order by 2 desc, 1
        limit n;
    elsif kind = 'lead' then
        return query
        select r.lead_id, (coalesce(ts_rank(r.search, tsq), 0) + public.similarity(r.name, fragment))::real
        from public.lead r
        where r.org_id = org and (r.search @@ tsq or r.name ilike pattern)
          and (owners is null or r.owner_id = any (owners))
        order by 2 desc, 1
        limit n;
    elsif kind = 'deal' then
        return query
        select r.deal_id, (coalesce(ts_rank(r.search, tsq), 0) + public.similarity(r.title, fragment))::real
        from public.deal r
        where r.org_id = org and (r.search @@ tsq or r.title ilike pattern)
          and (owners is null or r.owner_id = any (owners))
        order by 2 desc, 1
        limit n;
    else
        raise exception 'unknown record kind %', kind using errcode = '22023';
    end if;
end $$;

alter function search_records(text, text, text, text, uuid[], int) owner to nexacrm_search;
revoke all on function search_records(text, text, text, text, uuid[], int) from public;
-- the application role is granted execute after every migration (AppRoleCallback)

-- The tags GIN indexes of companies, contacts and leads serve no query of the app: tags:has filters
-- (@>, arraycontains) are not leakproof either, so beneath the tenant policy they are filters, and
-- the search does not use tags. Every insert paid for them (an import of contacts most of all).
drop index company_tags_idx;
drop index contact_tags_idx;
drop index lead_tags_idx;

-- An instance the app started but never bound (the create command's answer was lost, or the
-- binding's insert failed after the engine had made the instance) can never run a job: its
-- workers find no owner. The projection settles such an instance after it has waited for its
-- binding long enough: it writes a tombstone in the binding's own place and cancels the instance.
-- The tombstone has no organisation, so no look-up by organisation ever sees it, and it holds the
-- primary key, so a binding that comes later still fails (its start is retried) instead of
-- binding a record to a cancelled instance.
alter table process_instance_owner alter column org_id drop not null,
    add column orphaned_at timestamptz,
    add constraint process_instance_owner_bound_or_orphaned
        check ((org_id is null) = (orphaned_at is not null));

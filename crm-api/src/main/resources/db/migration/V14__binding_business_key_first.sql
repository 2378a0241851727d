-- The business-key index of the instance bindings puts the business key before the epoch: the
-- start queue asks whether a deal had an instance in any earlier epoch (a queue row that outlived
-- the start and an engine restart), which the epoch-first order could only answer by reading every
-- binding of the organisation. Look-ups naming the epoch and the key are found key by key as before.
drop index process_instance_owner_business_idx;
create index process_instance_owner_business_idx
    on process_instance_owner (org_id, business_key, engine_epoch);

-- The onboarding checklist's correlation key: random per organisation, never derived from its id,
-- so an organisation's own BPMN cannot subscribe to another's checklist messages (docs/processes.md).
alter table organization add column checklist_key uuid not null default gen_random_uuid();

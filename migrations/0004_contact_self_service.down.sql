DROP INDEX IF EXISTS delegates_lower_email_idx;
DROP TABLE IF EXISTS improvement_work_events;
ALTER TABLE improvement_works DROP COLUMN IF EXISTS follow_up_on, DROP COLUMN IF EXISTS started_on;

ALTER TABLE learning_meetings DROP CONSTRAINT learning_meetings_kind_check;
ALTER TABLE learning_meetings DROP CONSTRAINT learning_meetings_group_kind_check;
ALTER TABLE learning_meetings DROP CONSTRAINT learning_meetings_times_check;
ALTER TABLE learning_meetings DROP COLUMN starts_at, DROP COLUMN ends_at, DROP COLUMN address,
    DROP COLUMN online_url, DROP COLUMN date_reason;
UPDATE learning_meetings SET kind = 'learning' WHERE kind NOT IN ('start-up', 'learning', 'results-conference', 'group-meeting');
UPDATE learning_meetings SET kind = 'group-meeting' WHERE group_id IS NOT NULL;
UPDATE learning_meetings SET group_id = NULL WHERE kind <> 'group-meeting';
ALTER TABLE learning_meetings
    ADD CONSTRAINT learning_meetings_kind_check CHECK (kind IN ('start-up', 'learning', 'results-conference', 'group-meeting')),
    ADD CONSTRAINT learning_meetings_group_kind_check CHECK ((kind = 'group-meeting') = (group_id IS NOT NULL));

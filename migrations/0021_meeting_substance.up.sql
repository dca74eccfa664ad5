-- A meeting planned through the portal has a type from the programme's
-- standard sequence, start and end times (entered in Europe/Stockholm), a
-- street address or an online link, and, when its date lies outside the
-- round's dates on purpose, the reason the project leader gave.
ALTER TABLE learning_meetings DROP CONSTRAINT learning_meetings_kind_check;
ALTER TABLE learning_meetings DROP CONSTRAINT learning_meetings_group_kind_check;
ALTER TABLE learning_meetings
    ADD CONSTRAINT learning_meetings_kind_check CHECK (kind IN ('start-up', 'learning',
        'benchmarking-1', 'benchmarking-2', 'benchmarking-3', 'results-conference',
        'group-meeting', 'strategists', 'other')),
    -- Any type of meeting may be held for one group; a group's own meeting
    -- always names its group.
    ADD CONSTRAINT learning_meetings_group_kind_check CHECK (kind <> 'group-meeting' OR group_id IS NOT NULL),
    ADD COLUMN starts_at   timestamptz,
    ADD COLUMN ends_at     timestamptz,
    ADD COLUMN address     text NOT NULL DEFAULT '',
    ADD COLUMN online_url  text NOT NULL DEFAULT '' CHECK (online_url = '' OR online_url ~ '^https?://[^\s<>"]+$'),
    ADD COLUMN date_reason text NOT NULL DEFAULT '',
    ADD CONSTRAINT learning_meetings_times_check CHECK ((starts_at IS NULL) = (ends_at IS NULL) AND (ends_at IS NULL OR ends_at > starts_at));

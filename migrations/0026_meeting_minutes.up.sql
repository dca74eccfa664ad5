-- A meeting's minutes, written after it by staff or the host's contact. They
-- have their own version, apart from the meeting's: the meeting's version
-- is the SEQUENCE of the invitations sent, and writing minutes must not make
-- the invitees' calendars look out of date.
CREATE TABLE meeting_minutes (
    meeting_id bigint PRIMARY KEY REFERENCES learning_meetings (id) ON DELETE CASCADE,
    body       text NOT NULL DEFAULT '',
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- What came out of a meeting: information, a decision, or a follow-up task
-- that one of the organisations the meeting was for owns until it is done.
CREATE TABLE meeting_outcomes (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id            bigint NOT NULL REFERENCES learning_meetings (id) ON DELETE CASCADE,
    kind                  text NOT NULL CHECK (kind IN ('information', 'decision', 'task')),
    body                  text NOT NULL CHECK (btrim(body) <> ''),
    owner_organisation_id bigint REFERENCES organisations (id),
    due_on                date,
    done_at               timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    -- A task, and only a task, has an owner and a due date, and may be done.
    CHECK ((kind = 'task') = (owner_organisation_id IS NOT NULL AND due_on IS NOT NULL)),
    CHECK (kind = 'task' OR done_at IS NULL)
);
CREATE INDEX meeting_outcomes_meeting_idx ON meeting_outcomes (meeting_id, id);
-- The open tasks of an organisation, and the overdue ones of a round.
CREATE INDEX meeting_outcomes_open_idx ON meeting_outcomes (owner_organisation_id, due_on)
    WHERE kind = 'task' AND done_at IS NULL;

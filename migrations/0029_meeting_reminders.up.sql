-- How many days before a meeting its invitees are reminded; 0 is no
-- reminder.
ALTER TABLE rounds ADD COLUMN reminder_days integer NOT NULL DEFAULT 7 CHECK (reminder_days BETWEEN 0 AND 60);

-- One row per reminder sent, so that each invitee is reminded of a meeting
-- once, whichever instance of the portal sends it.
CREATE TABLE meeting_reminders (
    meeting_id  bigint NOT NULL REFERENCES learning_meetings (id) ON DELETE CASCADE,
    delegate_id bigint NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, delegate_id)
);
CREATE INDEX meeting_reminders_delegate_idx ON meeting_reminders (delegate_id);

-- A mail may carry one attachment: a meeting's invitation as iCalendar.
ALTER TABLE outbox
    ADD COLUMN attachment_name text NOT NULL DEFAULT '',
    ADD COLUMN attachment_type text NOT NULL DEFAULT '',
    ADD COLUMN attachment      bytea,
    ADD CONSTRAINT outbox_attachment_check CHECK ((attachment IS NULL) = (attachment_name = ''));

-- A cancelled meeting stays, so its invitees' calendars can be told.
ALTER TABLE learning_meetings ADD COLUMN cancelled_at timestamptz;

-- Who was invited to a meeting, and which version of it they last got:
-- a change is sent to them again, a cancellation goes to them all.
CREATE TABLE meeting_invitations (
    meeting_id  bigint NOT NULL REFERENCES learning_meetings (id) ON DELETE CASCADE,
    delegate_id bigint NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    sequence    integer NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, delegate_id)
);
CREATE INDEX meeting_invitations_delegate_idx ON meeting_invitations (delegate_id);

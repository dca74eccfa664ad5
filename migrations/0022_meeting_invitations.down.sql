DROP TABLE meeting_invitations;
ALTER TABLE learning_meetings DROP COLUMN cancelled_at;
ALTER TABLE outbox DROP CONSTRAINT outbox_attachment_check,
    DROP COLUMN attachment_name, DROP COLUMN attachment_type, DROP COLUMN attachment;

DROP TABLE meeting_reminders;
ALTER TABLE rounds DROP COLUMN reminder_days;

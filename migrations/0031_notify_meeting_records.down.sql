DROP TRIGGER IF EXISTS round_leaders_notify ON round_leaders;
DROP TRIGGER IF EXISTS meeting_attendance_notify ON meeting_attendance;
DROP TRIGGER IF EXISTS meeting_minutes_notify ON meeting_minutes;
DROP TRIGGER IF EXISTS meeting_outcomes_notify ON meeting_outcomes;
DROP TRIGGER IF EXISTS calendar_feeds_notify ON calendar_feeds;

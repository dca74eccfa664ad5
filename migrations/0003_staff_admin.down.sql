DROP TABLE IF EXISTS meeting_attendance;
DROP TABLE IF EXISTS round_leaders;

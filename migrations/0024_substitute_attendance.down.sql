ALTER TABLE meeting_attendance DROP COLUMN substitute_name, DROP COLUMN substitute_level;

-- Attendance records who came: the delegate, or the substitute they named
-- in their reply, whose name and level are kept with the attendance so the
-- record stays what it was if the reply is later changed.
ALTER TABLE meeting_attendance
    ADD COLUMN substitute_name  text NOT NULL DEFAULT '',
    ADD COLUMN substitute_level text NOT NULL DEFAULT '' CHECK (substitute_level IN ('', 'politician', 'manager', 'strategist')),
    ADD CONSTRAINT meeting_attendance_substitute_check CHECK ((substitute_name = '') = (substitute_level = ''));

-- Staff administration: the project leaders of a round and attendance at
-- learning meetings.

CREATE TABLE round_leaders (
    round_id bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX round_leaders_user_idx ON round_leaders (user_id);

CREATE TABLE meeting_attendance (
    meeting_id  bigint NOT NULL REFERENCES learning_meetings (id) ON DELETE CASCADE,
    delegate_id bigint NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, delegate_id)
);
CREATE INDEX meeting_attendance_delegate_idx ON meeting_attendance (delegate_id);

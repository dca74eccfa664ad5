-- A delegate's answer to a meeting's invitation, given through the personal
-- link without signing in: coming, not coming, or sending a substitute.
CREATE TABLE meeting_replies (
    meeting_id       bigint NOT NULL REFERENCES learning_meetings (id) ON DELETE CASCADE,
    delegate_id      bigint NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    answer           text NOT NULL CHECK (answer IN ('coming', 'not-coming', 'substitute')),
    substitute_name  text NOT NULL DEFAULT '',
    substitute_level text NOT NULL DEFAULT '' CHECK (substitute_level IN ('', 'politician', 'manager', 'strategist')),
    substitute_email text NOT NULL DEFAULT '',
    replied_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, delegate_id),
    CHECK (answer <> 'substitute' OR (btrim(substitute_name) <> '' AND substitute_level <> '' AND substitute_email <> '')),
    CHECK (answer = 'substitute' OR (substitute_name = '' AND substitute_level = '' AND substitute_email = ''))
);
CREATE INDEX meeting_replies_delegate_idx ON meeting_replies (delegate_id);

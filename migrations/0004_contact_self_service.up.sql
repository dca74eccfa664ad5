-- Contact self-service: dates on improvement work and the history of its
-- status changes.

ALTER TABLE improvement_works
    ADD COLUMN started_on   date,
    ADD COLUMN follow_up_on date;

CREATE TABLE improvement_work_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_id     bigint NOT NULL REFERENCES improvement_works (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    from_status text CHECK (from_status IN ('planned', 'in_progress', 'implemented', 'spread', 'followed_up')),
    to_status   text NOT NULL CHECK (to_status IN ('planned', 'in_progress', 'implemented', 'spread', 'followed_up'))
);
CREATE INDEX improvement_work_events_work_idx ON improvement_work_events (work_id, at);

CREATE INDEX delegates_lower_email_idx ON delegates (lower(email)) WHERE email <> '';

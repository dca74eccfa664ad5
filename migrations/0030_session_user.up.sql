-- A session names its signed-in user in a column of its own, so that one
-- statement reads the session and its user together on each request. NULL
-- for sessions without a user; the user's id also stays in the session's
-- data, which is what counts.
ALTER TABLE sessions ADD COLUMN user_id bigint;

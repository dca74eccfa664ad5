-- People who sign in: staff (admin, project_leader) and contact persons bound
-- to their organisations; single-use tokens for invitations and password
-- resets; the mail outbox; login attempts for throttling; and the append-only
-- audit log.

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text NOT NULL CHECK (btrim(name) <> ''),
    email               text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    role                text NOT NULL CHECK (role IN ('admin', 'project_leader', 'contact')),
    active              boolean NOT NULL DEFAULT true,
    -- PHC string (argon2id); NULL until the invited person sets a password.
    password_hash       text,
    -- Bumped whenever the password changes, so sessions made with an older
    -- password stop working.
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    last_login_at       timestamptz,
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email));

CREATE TABLE user_organisations (
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX user_organisations_organisation_idx ON user_organisations (organisation_id);

-- Only the SHA-256 of a token is stored, so a leaked table opens no account.
CREATE TABLE user_tokens (
    hash       bytea PRIMARY KEY CHECK (length(hash) = 32),
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('invite', 'reset')),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user_idx ON user_tokens (user_id, purpose, created_at);

-- Mail waits here until the sender delivers it by SMTP or, with no SMTP
-- server configured, logs it (delivered_via = 'log') for staff to read.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address      text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    sent_at         timestamptz,
    delivered_via   text CHECK (delivered_via IN ('smtp', 'log')),
    CHECK ((sent_at IS NULL) = (delivered_via IS NULL))
);
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_created_idx ON outbox (created_at DESC);

-- Login attempts by e-mail address as typed (lower-cased, whether or not an
-- account has it) and by client address. A 'cleared' row (after a password
-- reset) ends an account's lock.
CREATE TABLE login_attempts (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    email   text NOT NULL,
    ip      text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'cleared'))
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at) WHERE outcome = 'failure';

-- Who changed what, when. Rows are only ever added: the trigger below
-- rejects UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id) ON DELETE RESTRICT,
    actor_label text NOT NULL DEFAULT '',
    action      text NOT NULL CHECK (btrim(action) <> ''),
    table_name  text NOT NULL CHECK (table_name ~ '^[a-z_]+$'),
    record_id   bigint NOT NULL,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_record_idx ON audit_log (table_name, record_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

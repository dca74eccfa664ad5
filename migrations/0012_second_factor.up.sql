-- A second factor after the password: passkeys (WebAuthn), an authenticator
-- app (TOTP) and single-use recovery codes; and the throttle on guessing them.

-- An admin can require a second factor of a contact person; staff always
-- need one.
ALTER TABLE users ADD COLUMN second_factor_required boolean NOT NULL DEFAULT false;

-- The shared secret of the user's authenticator app. It has to be readable
-- to check codes, so unlike passwords it cannot be hashed. last_step is the
-- time step (30 s) of the last accepted code: a code is taken only for a
-- later step, so an overheard code cannot be used again.
CREATE TABLE user_totp (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret     text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,}$'),
    last_step  bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Passkeys: the public key and what WebAuthn keeps per credential (sign
-- counter, flags, transports) as go-webauthn's Credential in JSON.
CREATE TABLE user_passkeys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id bytea NOT NULL UNIQUE,
    name          text NOT NULL CHECK (btrim(name) <> ''),
    credential    jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz
);
CREATE INDEX user_passkeys_user_idx ON user_passkeys (user_id);

-- Recovery codes: only their SHA-256 is kept (a code carries 80 random
-- bits, so the hash cannot be reversed by trying codes); each works once.
CREATE TABLE user_recovery_codes (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    bytea NOT NULL CHECK (length(hash) = 32),
    used_at timestamptz,
    PRIMARY KEY (user_id, hash)
);

-- Every check of a second factor reserves a row first (succeeded stays
-- false until the check passes), so parallel guesses cannot exceed the
-- limit.
CREATE TABLE second_factor_attempts (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now(),
    succeeded boolean NOT NULL DEFAULT false
);
CREATE INDEX second_factor_attempts_user_idx ON second_factor_attempts (user_id, at) WHERE NOT succeeded;

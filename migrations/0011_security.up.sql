-- Hardening from the security review (issue 10).

-- A login attempt made by a browser with a valid device cookie for the
-- account carries the cookie's nonce: such a browser is not held by the
-- per-address lock, and its own failures lock only itself (OWASP's "device
-- cookie" pattern). 'reset' rows are requests for reset mail, limited per
-- address and per account.
ALTER TABLE login_attempts ADD COLUMN device text;
ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_outcome_check;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_outcome_check
    CHECK (outcome IN ('success', 'failure', 'cleared', 'reset'));
CREATE INDEX login_attempts_reset_ip_idx ON login_attempts (ip, at) WHERE outcome = 'reset';

-- Keys the portal generates once and every instance shares, such as the
-- key that signs device cookies.
CREATE TABLE server_keys (
    name       text PRIMARY KEY,
    key        bytea NOT NULL CHECK (length(key) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A link in mail is for one purpose at one moment: when the password
-- changes (by any route) or the account is switched off, every open link of
-- the user is spent, so neither an old invitation nor an old reset link
-- outlives it, and switching the account on again revives none.
CREATE FUNCTION spend_user_tokens() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE user_tokens SET used_at = now() WHERE user_id = NEW.id AND used_at IS NULL;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_spend_tokens AFTER UPDATE OF password_hash, active ON users
    FOR EACH ROW
    WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash OR (OLD.active AND NOT NEW.active))
    EXECUTE FUNCTION spend_user_tokens();

-- Mail already sent or logged keeps no live link.
UPDATE outbox SET body = regexp_replace(body, '(/(inbjudan|aterstall)/)[A-Za-z0-9_-]+', '\1[länken visas inte]', 'g')
WHERE sent_at IS NOT NULL;

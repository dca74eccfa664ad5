DROP TRIGGER users_spend_tokens ON users;
DROP FUNCTION spend_user_tokens();
DROP TABLE server_keys;
DELETE FROM login_attempts WHERE outcome = 'reset';
ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_outcome_check;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_outcome_check
    CHECK (outcome IN ('success', 'failure', 'cleared'));
DROP INDEX login_attempts_reset_ip_idx;
ALTER TABLE login_attempts DROP COLUMN device;

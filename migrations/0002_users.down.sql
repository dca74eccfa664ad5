DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE login_attempts;
DROP TABLE outbox;
DROP TABLE user_tokens;
DROP TABLE user_organisations;
DROP TABLE users;

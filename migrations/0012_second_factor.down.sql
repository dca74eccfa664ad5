DROP TABLE second_factor_attempts;
DROP TABLE user_recovery_codes;
DROP TABLE user_passkeys;
DROP TABLE user_totp;
ALTER TABLE users DROP COLUMN second_factor_required;

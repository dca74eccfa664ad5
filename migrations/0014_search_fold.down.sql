DROP INDEX IF EXISTS organisations_name_fold;
DROP FUNCTION IF EXISTS fold(text);
DROP EXTENSION IF EXISTS unaccent;

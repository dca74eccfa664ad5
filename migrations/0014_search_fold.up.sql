-- Search must find Umeå for "umea": visitors on foreign keyboards, and many
-- on Swedish ones, type names without å, ä, ö or é. unaccent ships with
-- PostgreSQL's contrib (Debian's postgresql-15, the postgres image) and is a
-- trusted extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- fold is the form names are compared in: lower case without diacritics.
-- unaccent(text) alone is only STABLE (it looks its dictionary up through
-- search_path); naming the dictionary makes the result depend on the input
-- alone, so fold may be IMMUTABLE and used in an index.
CREATE FUNCTION fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));

CREATE INDEX organisations_name_fold ON organisations (fold(name) text_pattern_ops);

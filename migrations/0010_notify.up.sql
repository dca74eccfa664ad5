-- Every change to the data the public pages show sends a notification on the
-- channel portal_changed, naming the table. Each portal instance listens and
-- empties its page cache, so no instance serves a page older than the last
-- committed change. Statement-level triggers send one notification per
-- statement, and PostgreSQL folds repeats within a transaction into one.

CREATE FUNCTION notify_portal_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_changed', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['counties', 'organisations', 'rounds', 'participations', 'benchmarking_groups',
                             'group_members', 'mentor_links', 'learning_meetings', 'delegates', 'improvement_works']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed()', t || '_notify', t);
    END LOOP;
END
$$;

-- Signed-in pages are kept per data version like the public pages
-- (internal/server/staffdata.go). They also show a round's project
-- leaders, attendance, minutes and their tasks, and an organisation's
-- calendar feed, so a change to those must announce itself too.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['round_leaders', 'meeting_attendance', 'meeting_minutes', 'meeting_outcomes', 'calendar_feeds']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed()', t || '_notify', t);
    END LOOP;
END
$$;

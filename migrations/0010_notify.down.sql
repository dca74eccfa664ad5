-- Dropping the function drops the triggers that call it.
DROP FUNCTION notify_portal_changed() CASCADE;

-- A round is a draft, seen only by staff, until a project leader publishes
-- it. Rounds that exist already, and rounds loaded from the record, are
-- public: the default is now(), and only the staff's "new round" inserts a
-- draft (NULL).
ALTER TABLE rounds ADD COLUMN published_at timestamptz DEFAULT now();
UPDATE rounds SET published_at = created_at;

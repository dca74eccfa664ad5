ALTER TABLE rounds DROP COLUMN published_at;

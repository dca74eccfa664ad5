-- An organisation's private calendar feed. Its secret address is signed
-- with the server's key over the organisation and the generation, so it
-- can be shown again at any time without being stored; renewing raises the
-- generation and revoking switches the feed off, and either way every
-- earlier address stops working.
CREATE TABLE calendar_feeds (
    organisation_id bigint PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    generation      integer NOT NULL DEFAULT 1 CHECK (generation > 0),
    active          boolean NOT NULL DEFAULT true,
    changed_at      timestamptz NOT NULL DEFAULT now()
);

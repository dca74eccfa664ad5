-- The programme's public record: every fact cites the public pages it comes
-- from, dates are as precise as those pages are, and what the pages leave
-- open is stored as uncertain rather than as fact.

-- A city district administration (stadsdelsförvaltning) takes part on its own
-- but belongs to a municipality; it has no SCB code of its own.
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations
    ADD CONSTRAINT organisations_kind_check
        CHECK (kind IN ('municipality', 'region', 'association', 'district')),
    ADD COLUMN parent_id bigint REFERENCES organisations (id) ON DELETE RESTRICT,
    ADD CONSTRAINT organisations_district_parent_check CHECK ((kind = 'district') = (parent_id IS NOT NULL)),
    ADD CONSTRAINT organisations_district_code_check CHECK (kind <> 'district' OR scb_code IS NULL),
    ADD CONSTRAINT organisations_parent_not_self_check CHECK (parent_id <> id);
CREATE INDEX organisations_parent_idx ON organisations (parent_id) WHERE parent_id IS NOT NULL;

-- A mixed track puts regions and municipalities in one group (first in 2021).
ALTER TABLE rounds DROP CONSTRAINT rounds_tracks_check;
ALTER TABLE rounds ADD CONSTRAINT rounds_tracks_check
    CHECK (cardinality(tracks) > 0 AND tracks <@ ARRAY['municipal', 'regional', 'mixed']);
ALTER TABLE participations DROP CONSTRAINT participations_track_check;
ALTER TABLE participations ADD CONSTRAINT participations_track_check
    CHECK (track IN ('municipal', 'regional', 'mixed'));
ALTER TABLE benchmarking_groups DROP CONSTRAINT benchmarking_groups_track_check;
ALTER TABLE benchmarking_groups ADD CONSTRAINT benchmarking_groups_track_check
    CHECK (track IN ('municipal', 'regional', 'mixed'));

-- A date the sources give as a year or a month is stored as its first day
-- with its precision, so it is never shown as more exact than it is.
CREATE DOMAIN date_precision AS text CHECK (VALUE IN ('day', 'month', 'year'));

ALTER TABLE rounds
    ADD COLUMN starts_on        date,
    ADD COLUMN starts_precision date_precision,
    ADD COLUMN ends_on          date,
    ADD COLUMN ends_precision   date_precision,
    ADD CONSTRAINT rounds_starts_check CHECK ((starts_on IS NULL) = (starts_precision IS NULL)
        AND (starts_on IS NULL OR extract(year FROM starts_on) = start_year)),
    ADD CONSTRAINT rounds_ends_check CHECK ((ends_on IS NULL) = (ends_precision IS NULL)
        AND (ends_on IS NULL OR extract(year FROM ends_on) = end_year));

-- Where a round's tracks ran for different spans (the 2019 regions went on
-- to December 2020), each track's own dates.
CREATE TABLE round_tracks (
    round_id         bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    track            text NOT NULL CHECK (track IN ('municipal', 'regional', 'mixed')),
    starts_on        date NOT NULL,
    starts_precision date_precision NOT NULL,
    ends_on          date,
    ends_precision   date_precision,
    PRIMARY KEY (round_id, track),
    CHECK ((ends_on IS NULL) = (ends_precision IS NULL)),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

-- An old address of a round keeps working: the public pages redirect it to
-- the round's address now. Renaming a round records its old slug here.
CREATE TABLE round_redirects (
    old_slug text PRIMARY KEY CHECK (old_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    round_id bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE
);
CREATE INDEX round_redirects_round_idx ON round_redirects (round_id);

CREATE FUNCTION round_slug_redirect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.slug <> NEW.slug THEN
        INSERT INTO round_redirects (old_slug, round_id) VALUES (OLD.slug, NEW.id)
        ON CONFLICT (old_slug) DO UPDATE SET round_id = EXCLUDED.round_id;
    END IF;
    -- A slug in use again is a round's address, no longer a redirect.
    DELETE FROM round_redirects WHERE old_slug = NEW.slug;
    RETURN NULL;
END
$$;
CREATE TRIGGER rounds_slug_redirect AFTER INSERT OR UPDATE OF slug ON rounds
    FOR EACH ROW EXECUTE FUNCTION round_slug_redirect();

-- Participation: how sure the record is, why a fact is uncertain, and a
-- withdrawal's time in words when the sources give no date ("våren 2019").
ALTER TABLE participations
    ADD COLUMN confidence       text NOT NULL DEFAULT 'high' CHECK (confidence IN ('high', 'medium', 'low')),
    ADD COLUMN uncertain_reason text NOT NULL DEFAULT '',
    ADD COLUMN withdrawn_when   text NOT NULL DEFAULT '',
    ADD CONSTRAINT participations_withdrawn_when_check CHECK (withdrawn OR withdrawn_when = '');

-- A meeting belongs to the whole round (start-ups, results conferences) or
-- to one group (a group's own learning meeting); the sources may give only
-- its month.
ALTER TABLE learning_meetings
    ADD COLUMN group_id       bigint,
    ADD COLUMN kind           text NOT NULL DEFAULT 'learning'
                              CHECK (kind IN ('start-up', 'learning', 'results-conference', 'group-meeting')),
    ADD COLUMN track          text CHECK (track IN ('municipal', 'regional', 'mixed')),
    ADD COLUMN held_precision date_precision NOT NULL DEFAULT 'day',
    ADD CONSTRAINT learning_meetings_group_fkey FOREIGN KEY (group_id, round_id)
        REFERENCES benchmarking_groups (id, round_id) ON DELETE CASCADE,
    ADD CONSTRAINT learning_meetings_group_kind_check CHECK ((kind = 'group-meeting') = (group_id IS NOT NULL));
CREATE INDEX learning_meetings_group_idx ON learning_meetings (group_id) WHERE group_id IS NOT NULL;

-- A source is a public page (or a text known only by publisher and date).
CREATE TABLE sources (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key          text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    publisher    text NOT NULL CHECK (btrim(publisher) <> ''),
    published_on date,
    title        text NOT NULL DEFAULT '',
    summary      text NOT NULL DEFAULT '',
    url          text NOT NULL DEFAULT '' CHECK (url = '' OR url ~ '^https?://[^\s<>"]+$'),
    created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A citation says that one source supports one fact: a round's dates, a
-- participation, a group, a mentor link or a meeting. recorded_by is empty
-- for what the seed loaded from the public record.
CREATE TABLE citations (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id              bigint NOT NULL REFERENCES sources (id) ON DELETE RESTRICT,
    round_id               bigint REFERENCES rounds (id) ON DELETE CASCADE,
    participation_id       bigint REFERENCES participations (id) ON DELETE CASCADE,
    group_id               bigint REFERENCES benchmarking_groups (id) ON DELETE CASCADE,
    mentor_group_id        bigint,
    mentor_organisation_id bigint,
    meeting_id             bigint REFERENCES learning_meetings (id) ON DELETE CASCADE,
    recorded_by            bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (mentor_group_id, mentor_organisation_id)
        REFERENCES mentor_links (group_id, organisation_id) ON DELETE CASCADE,
    CHECK ((mentor_group_id IS NULL) = (mentor_organisation_id IS NULL)),
    CHECK (num_nonnulls(round_id, participation_id, group_id, mentor_group_id, meeting_id) = 1)
);
CREATE UNIQUE INDEX citations_round_idx ON citations (round_id, source_id) WHERE round_id IS NOT NULL;
CREATE UNIQUE INDEX citations_participation_idx ON citations (participation_id, source_id) WHERE participation_id IS NOT NULL;
CREATE UNIQUE INDEX citations_group_idx ON citations (group_id, source_id) WHERE group_id IS NOT NULL;
CREATE UNIQUE INDEX citations_mentor_idx ON citations (mentor_group_id, mentor_organisation_id, source_id)
    WHERE mentor_group_id IS NOT NULL;
CREATE UNIQUE INDEX citations_meeting_idx ON citations (meeting_id, source_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX citations_source_idx ON citations (source_id);

-- Where sources disagree: both accounts with their sources, and the reading
-- the record suggests. Text in Swedish and English.
CREATE TABLE record_conflicts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id   bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    subject    text NOT NULL UNIQUE CHECK (btrim(subject) <> ''),
    subject_sv text NOT NULL,
    claim_a    text NOT NULL,
    claim_a_sv text NOT NULL,
    claim_b    text NOT NULL,
    claim_b_sv text NOT NULL,
    reading    text NOT NULL,
    reading_sv text NOT NULL,
    sources_a  text[] NOT NULL,
    sources_b  text[] NOT NULL
);
CREATE INDEX record_conflicts_round_idx ON record_conflicts (round_id);

-- Each version of the public record is loaded once; a later run of the seed
-- with the same version changes nothing, so staff corrections stay.
CREATE TABLE record_loads (
    version   text PRIMARY KEY,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    rows      integer NOT NULL
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['round_tracks', 'round_redirects', 'sources', 'citations', 'record_conflicts']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed()', t || '_notify', t);
    END LOOP;
END
$$;

-- The programme's schema: reference data (counties, organisations), rounds and
-- who took part in them, benchmarking groups with their mentors, delegations,
-- learning meetings and improvement work. Rules that must always hold are
-- constraints here, not only checks in Go.

CREATE TABLE counties (
    code        text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
    name        text NOT NULL UNIQUE,
    region_name text NOT NULL UNIQUE
);

CREATE TABLE organisations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('municipality', 'region', 'association')),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9åäö]+(-[a-z0-9åäö]+)*$'),
    -- SCB codes: four digits for a municipality, the county's two for a region.
    scb_code    text UNIQUE,
    county_code text REFERENCES counties (code) ON DELETE RESTRICT,
    lat         double precision CHECK (lat BETWEEN 55 AND 70),
    lon         double precision CHECK (lon BETWEEN 10 AND 25),
    CHECK (kind <> 'municipality' OR scb_code ~ '^[0-9]{4}$'),
    CHECK (kind <> 'region' OR scb_code ~ '^[0-9]{2}$'),
    CHECK (kind <> 'association' OR scb_code IS NULL),
    CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX organisations_county_idx ON organisations (county_code);
CREATE INDEX organisations_lower_name_idx ON organisations (lower(name) text_pattern_ops);

CREATE TABLE rounds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    start_year  integer NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
    end_year    integer NOT NULL,
    status      text NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'open', 'running', 'completed')),
    tracks      text[] NOT NULL
                CHECK (cardinality(tracks) > 0 AND tracks <@ ARRAY['municipal', 'regional']),
    description text NOT NULL DEFAULT '',
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (end_year >= start_year)
);
CREATE INDEX rounds_start_idx ON rounds (start_year, end_year);

-- A participation is one organisation's part in one round: as a participant
-- (with its entry decision and perhaps a withdrawal) or as a mentor.
CREATE TABLE participations (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id           bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    organisation_id    bigint NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    role               text NOT NULL CHECK (role IN ('participant', 'mentor')),
    track              text NOT NULL CHECK (track IN ('municipal', 'regional')),
    admitted_on        date,
    -- The public record sometimes says only "spring 2019", so a withdrawal
    -- may be known without its exact date.
    withdrawn          boolean NOT NULL DEFAULT false,
    withdrawn_on       date,
    withdrawal_reason  text NOT NULL DEFAULT '',
    decision_on        date,
    decision_reference text NOT NULL DEFAULT '',
    note               text NOT NULL DEFAULT '',
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (round_id, organisation_id, role),
    -- Targets of the composite keys below, which keep groups and their
    -- members in the same round.
    UNIQUE (id, round_id, organisation_id),
    CHECK (withdrawn OR (withdrawn_on IS NULL AND withdrawal_reason = '')),
    CHECK (NOT withdrawn OR role = 'participant'),
    CHECK (withdrawn_on IS NULL OR admitted_on IS NULL OR withdrawn_on >= admitted_on)
);
CREATE INDEX participations_round_idx ON participations (round_id, role);
CREATE INDEX participations_organisation_idx ON participations (organisation_id);

CREATE TABLE benchmarking_groups (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id       bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    track          text NOT NULL CHECK (track IN ('municipal', 'regional')),
    label          text NOT NULL CHECK (btrim(label) <> ''),
    focus_area     text NOT NULL DEFAULT '',
    -- A regional group may limit its work to one administration.
    administration text NOT NULL DEFAULT '',
    position       integer NOT NULL DEFAULT 0,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (round_id, label),
    UNIQUE (id, round_id)
);
CREATE INDEX benchmarking_groups_round_idx ON benchmarking_groups (round_id, track, position);

CREATE TABLE group_members (
    group_id         bigint NOT NULL,
    round_id         bigint NOT NULL,
    participation_id bigint NOT NULL,
    organisation_id  bigint NOT NULL,
    position         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, participation_id),
    -- An organisation is in at most one group per round.
    UNIQUE (round_id, organisation_id),
    FOREIGN KEY (group_id, round_id)
        REFERENCES benchmarking_groups (id, round_id) ON DELETE CASCADE,
    FOREIGN KEY (participation_id, round_id, organisation_id)
        REFERENCES participations (id, round_id, organisation_id) ON DELETE CASCADE
);
CREATE INDEX group_members_participation_idx ON group_members (participation_id);

-- A mentor is an organisation taking part in the round as mentor; it guides a
-- group either as primary mentor or in support of one.
CREATE TABLE mentor_links (
    group_id         bigint NOT NULL,
    round_id         bigint NOT NULL,
    participation_id bigint NOT NULL,
    organisation_id  bigint NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('primary', 'supporting')),
    position         integer NOT NULL DEFAULT 0,
    -- Set when staff accept a mentor that has no earlier round behind it.
    override_reason  text NOT NULL DEFAULT '',
    PRIMARY KEY (group_id, organisation_id),
    FOREIGN KEY (group_id, round_id)
        REFERENCES benchmarking_groups (id, round_id) ON DELETE CASCADE,
    FOREIGN KEY (participation_id, round_id, organisation_id)
        REFERENCES participations (id, round_id, organisation_id) ON DELETE CASCADE
);
CREATE INDEX mentor_links_participation_idx ON mentor_links (participation_id);
CREATE INDEX mentor_links_organisation_idx ON mentor_links (organisation_id);
CREATE INDEX mentor_links_round_idx ON mentor_links (round_id, group_id);

CREATE TABLE delegates (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participation_id bigint NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    level            text NOT NULL CHECK (level IN ('politician', 'manager', 'strategist', 'member')),
    name             text NOT NULL CHECK (btrim(name) <> ''),
    title            text NOT NULL DEFAULT '',
    party            text NOT NULL DEFAULT '',
    email            text NOT NULL DEFAULT '',
    phone            text NOT NULL DEFAULT '',
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (party = '' OR level = 'politician')
);
CREATE INDEX delegates_participation_idx ON delegates (participation_id, level);

CREATE TABLE learning_meetings (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id             bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    held_on              date NOT NULL,
    place                text NOT NULL DEFAULT '',
    host_organisation_id bigint REFERENCES organisations (id) ON DELETE SET NULL,
    agenda               text NOT NULL DEFAULT '',
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_meetings_round_idx ON learning_meetings (round_id, held_on);
CREATE INDEX learning_meetings_held_on_idx ON learning_meetings (held_on);

CREATE TABLE improvement_works (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participation_id bigint NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    title            text NOT NULL CHECK (btrim(title) <> ''),
    area             text NOT NULL DEFAULT '',
    status           text NOT NULL DEFAULT 'planned'
                     CHECK (status IN ('planned', 'in_progress', 'implemented', 'spread', 'followed_up')),
    description      text NOT NULL DEFAULT '',
    follow_up        text NOT NULL DEFAULT '',
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX improvement_works_participation_idx ON improvement_works (participation_id, status);

-- Sessions for github.com/alexedwards/scs/pgxstore, shared by every instance.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

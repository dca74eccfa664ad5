-- Improvement work that shows results for women and men (issue 17): the
-- work card (service area, inequality, baseline, measures, the 4R
-- baseline), indicators by sex with dated values, typed results, and the
-- review that publishes a work as a learning example. None of it is personal
-- data: a work describes a service, never a person.

ALTER TABLE improvement_works
    ADD COLUMN service_area        text NOT NULL DEFAULT ''
        CHECK (service_area IN ('', 'elderly_care', 'home_care', 'school', 'preschool', 'social_services',
                                'culture_leisure', 'regional_development', 'health_care', 'disability',
                                'labour_market', 'urban_planning', 'other')),
    ADD COLUMN inequality          text NOT NULL DEFAULT '',
    ADD COLUMN baseline            text NOT NULL DEFAULT '',
    ADD COLUMN measures            text NOT NULL DEFAULT '',
    -- 4R: representation as counts of women and men (NULL: not given).
    ADD COLUMN users_women         integer CHECK (users_women >= 0),
    ADD COLUMN users_men           integer CHECK (users_men >= 0),
    ADD COLUMN staff_women         integer CHECK (staff_women >= 0),
    ADD COLUMN staff_men           integer CHECK (staff_men >= 0),
    ADD COLUMN deciders_women      integer CHECK (deciders_women >= 0),
    ADD COLUMN deciders_men        integer CHECK (deciders_men >= 0),
    ADD COLUMN resources           text NOT NULL DEFAULT '',
    ADD COLUMN realia              text NOT NULL DEFAULT '',
    ADD COLUMN requirements        text NOT NULL DEFAULT '',
    -- Publication as a learning example: draft, proposed by a contact,
    -- returned with a comment or approved by a project leader.
    ADD COLUMN publication         text NOT NULL DEFAULT 'draft'
        CHECK (publication IN ('draft', 'proposed', 'returned', 'approved')),
    ADD COLUMN review_comment      text NOT NULL DEFAULT '',
    ADD COLUMN reviewed_at         timestamptz,
    ADD COLUMN published_at        timestamptz;

-- The public list reads only approved works.
CREATE INDEX improvement_works_approved_idx ON improvement_works (published_at DESC) WHERE publication = 'approved';
CREATE INDEX improvement_works_proposed_idx ON improvement_works (updated_at) WHERE publication = 'proposed';

CREATE TABLE work_indicators (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_id    bigint NOT NULL REFERENCES improvement_works (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (btrim(name) <> ''),
    unit       text NOT NULL CHECK (btrim(unit) <> ''),
    source     text NOT NULL CHECK (source IN ('own', 'kolada')),
    kolada_kpi text NOT NULL DEFAULT '' CHECK (kolada_kpi = '' OR kolada_kpi ~ '^[NU][0-9]{5}$'),
    source_note text NOT NULL DEFAULT '',
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_indicators_work_idx ON work_indicators (work_id, id);

-- One measurement of an indicator: the first by date is the baseline.
CREATE TABLE indicator_values (
    indicator_id bigint NOT NULL REFERENCES work_indicators (id) ON DELETE CASCADE,
    measured_on  date NOT NULL,
    women        numeric NOT NULL,
    men          numeric NOT NULL,
    total        numeric,
    PRIMARY KEY (indicator_id, measured_on)
);

CREATE TABLE work_results (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_id     bigint NOT NULL REFERENCES improvement_works (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('output', 'outcome', 'effect')),
    description text NOT NULL CHECK (btrim(description) <> ''),
    evidence    text NOT NULL DEFAULT '',
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_results_work_idx ON work_results (work_id, id);

-- The public learning examples show these tables: a change empties every
-- instance's page cache (see 0010).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['work_indicators', 'indicator_values', 'work_results']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed()', t || '_notify', t);
    END LOOP;
END
$$;

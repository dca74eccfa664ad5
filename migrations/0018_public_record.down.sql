DROP TABLE IF EXISTS record_loads, record_conflicts, citations, sources, round_redirects, round_tracks;
DROP TRIGGER IF EXISTS rounds_slug_redirect ON rounds;
DROP FUNCTION IF EXISTS round_slug_redirect();

-- What the older schema cannot hold goes: group meetings, mixed groups and
-- participations, districts.
DELETE FROM learning_meetings WHERE group_id IS NOT NULL;
ALTER TABLE learning_meetings
    DROP COLUMN IF EXISTS group_id, DROP COLUMN IF EXISTS kind,
    DROP COLUMN IF EXISTS track, DROP COLUMN IF EXISTS held_precision;
ALTER TABLE participations
    DROP COLUMN IF EXISTS confidence, DROP COLUMN IF EXISTS uncertain_reason, DROP COLUMN IF EXISTS withdrawn_when;
ALTER TABLE rounds
    DROP COLUMN IF EXISTS starts_on, DROP COLUMN IF EXISTS starts_precision,
    DROP COLUMN IF EXISTS ends_on, DROP COLUMN IF EXISTS ends_precision;
DROP DOMAIN IF EXISTS date_precision;

DELETE FROM benchmarking_groups WHERE track = 'mixed';
DELETE FROM participations WHERE track = 'mixed';
UPDATE rounds SET tracks = array_remove(tracks, 'mixed') WHERE 'mixed' = ANY (tracks) AND cardinality(tracks) > 1;
DELETE FROM rounds WHERE tracks = ARRAY['mixed'];
ALTER TABLE benchmarking_groups DROP CONSTRAINT benchmarking_groups_track_check;
ALTER TABLE benchmarking_groups ADD CONSTRAINT benchmarking_groups_track_check CHECK (track IN ('municipal', 'regional'));
ALTER TABLE participations DROP CONSTRAINT participations_track_check;
ALTER TABLE participations ADD CONSTRAINT participations_track_check CHECK (track IN ('municipal', 'regional'));
ALTER TABLE rounds DROP CONSTRAINT rounds_tracks_check;
ALTER TABLE rounds ADD CONSTRAINT rounds_tracks_check
    CHECK (cardinality(tracks) > 0 AND tracks <@ ARRAY['municipal', 'regional']);

DELETE FROM participations p USING organisations o WHERE o.id = p.organisation_id AND o.kind = 'district';
DELETE FROM organisations WHERE kind = 'district';
ALTER TABLE organisations
    DROP CONSTRAINT organisations_district_parent_check,
    DROP CONSTRAINT organisations_district_code_check,
    DROP CONSTRAINT organisations_parent_not_self_check,
    DROP COLUMN parent_id;
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
    CHECK (kind IN ('municipality', 'region', 'association'));

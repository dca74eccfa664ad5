DROP TABLE work_results;
DROP TABLE indicator_values;
DROP TABLE work_indicators;
DROP INDEX improvement_works_approved_idx;
DROP INDEX improvement_works_proposed_idx;
ALTER TABLE improvement_works
    DROP COLUMN service_area, DROP COLUMN inequality, DROP COLUMN baseline, DROP COLUMN measures,
    DROP COLUMN users_women, DROP COLUMN users_men, DROP COLUMN staff_women, DROP COLUMN staff_men,
    DROP COLUMN deciders_women, DROP COLUMN deciders_men, DROP COLUMN resources, DROP COLUMN realia,
    DROP COLUMN requirements, DROP COLUMN publication, DROP COLUMN review_comment, DROP COLUMN reviewed_at,
    DROP COLUMN published_at;

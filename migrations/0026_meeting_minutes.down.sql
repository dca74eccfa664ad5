DROP TABLE meeting_outcomes;
DROP TABLE meeting_minutes;

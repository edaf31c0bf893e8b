-- The family at intake (issue 13): a child's 所属 (school, nursery, kindergarten: free text as
-- the caller says it), and a guardian's reports found by the person (GET /reports?guardian_id=).
-- (PostgreSQL dialect of sqlite/016_family_at_intake.sql; the conventions are those of 001.)
ALTER TABLE persons ADD COLUMN affiliation TEXT COLLATE "C";
CREATE INDEX report_guardians_person ON report_guardians(person_id);

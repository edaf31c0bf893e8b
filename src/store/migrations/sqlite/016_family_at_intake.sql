-- The family at intake (issue 13): a child's 所属 (school, nursery, kindergarten: free text as
-- the caller says it), and a guardian's reports found by the person (GET /reports?guardian_id=).
ALTER TABLE persons ADD COLUMN affiliation TEXT;
CREATE INDEX report_guardians_person ON report_guardians(person_id);

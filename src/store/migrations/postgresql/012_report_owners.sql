-- An owner for every report (issue 13): the 担当者 (lead_id) and a deputy (deputy_id), staff who
-- act on reports, set when the 受理会議 is recorded and changed by an audited reassignment
-- (POST /reports/{id}/owner). NULL: not yet assigned (a report before its 受理会議, or older
-- rows). The working list filters on either ("自分の担当": lead or deputy).
-- (PostgreSQL dialect of sqlite/012_report_owners.sql.)
ALTER TABLE reports ADD COLUMN lead_id TEXT COLLATE "C" REFERENCES users(id);
ALTER TABLE reports ADD COLUMN deputy_id TEXT COLLATE "C" REFERENCES users(id);
CREATE INDEX reports_lead ON reports(lead_id);
CREATE INDEX reports_deputy ON reports(deputy_id);

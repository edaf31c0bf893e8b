-- Corrections of report steps (api.md, Reports): a step recorded by mistake is taken back by a new
-- report_events row, step 'correction', that names it in `corrects` (with the reason in `note`
-- and, for a safety_confirmed step, the children whose 現認 it takes back in `child_ids`). The
-- corrected row is never changed or deleted: whether a step still counts is derived from the
-- correction rows (domain/workflow.c, workflow_replay). The standing facts are kept where they
-- were: reports.status, reports.urgency, reports.case_id, report_children.confirmed_at.
-- (PostgreSQL dialect of sqlite/005_report_corrections.sql.)
ALTER TABLE report_events ADD COLUMN corrects BIGINT REFERENCES report_events(seq);

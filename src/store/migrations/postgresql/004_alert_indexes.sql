-- The alert board's queries, measured with ten years of records (docs/performance.md):
-- without these, SQLite looked up "no newborn visit done yet" through the (status, kind) index and
-- read every newborn visit ever recorded for each infant (15-20 s a board).
-- (PostgreSQL dialect of sqlite/004_alert_indexes.sql: the same indexes, under the same names.)

DROP INDEX visits_missed;
-- Open missed check-ups only: the ones the board lists.
CREATE INDEX visits_missed_open ON visits(kind, person_id, subtype, on_date, id)
    WHERE status = 'missed' AND followup_on IS NULL;
-- "Has this child a done newborn visit / a later attended check-up?": keyed on the person.
CREATE INDEX visits_person_status ON visits(person_id, kind, status, subtype, on_date);
DROP INDEX persons_birth_date;
CREATE INDEX persons_birth_date ON persons(birth_date, id);
-- Abuse reports still open, for the safety confirmations.
CREATE INDEX reports_open ON reports(kind, safety_due_at) WHERE status <> 'closed';

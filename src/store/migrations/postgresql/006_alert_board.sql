-- The alert board (issue 8): EPDS item 10 (自傷の考え) gets its own alert, and the board's audit
-- rows are written at most once per user, person and hour.
-- (PostgreSQL dialect of sqlite/006_alert_board.sql; the conventions are those of 001.)

-- An EPDS whose item 10 scored >= 1 (the flag epds_self_harm): due the day after it was
-- administered, instead of the 7-day follow-up. Screenings recorded before this column existed
-- carry the flag in `flags` (it was computed from the start).
ALTER TABLE screenings ADD COLUMN self_harm BIGINT NOT NULL DEFAULT 0;
UPDATE screenings SET self_harm = 1
 WHERE instrument = 'epds' AND flags LIKE '%"epds_self_harm"%';

-- Reads shown again and again (the board refreshes every minute) are audited once per user,
-- object, person and clock hour (Unix seconds / 3600): the audit writer inserts the key in the
-- transaction that appends the audit row, and skips the row when the key is already there. In
-- the database, not in a server's memory, so several servers keep the promise together. Rows
-- of past hours are purged by the writer.
CREATE TABLE audit_shown (
    user_id     TEXT COLLATE "C" NOT NULL,
    hour        BIGINT NOT NULL,
    person_id   TEXT COLLATE "C" NOT NULL,        -- '' for a row about no one (the reading itself)
    object_type TEXT COLLATE "C" NOT NULL,
    object_id   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, hour, person_id, object_type, object_id)
);
CREATE INDEX audit_shown_hour ON audit_shown(hour);

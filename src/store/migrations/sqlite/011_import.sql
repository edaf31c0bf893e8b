-- The CSV import (interchange.md): each import, and each record it made, found again by its kind
-- and external id (a second import of the same row is skipped) and telling where it came from.

CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,           -- persons | pregnancies | reports | visits
    file_name   TEXT NOT NULL,
    at          INTEGER NOT NULL,
    by_user     TEXT,                    -- NULL: the command line
    alerts_from TEXT NOT NULL,           -- records dated before it raise no alert
    imported    INTEGER NOT NULL,
    skipped     INTEGER NOT NULL
);

-- kind: the import's kinds, and households (made from the persons' household_external_id).
CREATE TABLE import_records (
    kind        TEXT NOT NULL,
    external_id TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    import_id   TEXT NOT NULL REFERENCES imports(id),
    line        INTEGER NOT NULL,        -- the line of the file the row starts on
    PRIMARY KEY (kind, external_id)
);
CREATE INDEX import_records_record ON import_records(record_id);

-- Imported records dated before their import's alerts_from (a child born, a missed check-up, a
-- report received): the alert board leaves them out, so years of history do not flood it.
CREATE TABLE alerts_quiet (
    record_id TEXT PRIMARY KEY
);

-- The CSV import (interchange.md): each import, and each record it made, found again by its kind
-- and external id (a second import of the same row is skipped) and telling where it came from.
-- (PostgreSQL dialect of sqlite/011_import.sql; the conventions are those of 001.)

CREATE TABLE imports (
    id          TEXT COLLATE "C" PRIMARY KEY,
    kind        TEXT COLLATE "C" NOT NULL,           -- persons | pregnancies | reports | visits
    file_name   TEXT COLLATE "C" NOT NULL,
    at          BIGINT NOT NULL,
    by_user     TEXT COLLATE "C",                    -- NULL: the command line
    alerts_from TEXT COLLATE "C" NOT NULL,           -- records dated before it raise no alert
    imported    BIGINT NOT NULL,
    skipped     BIGINT NOT NULL
);

-- kind: the import's kinds, and households (made from the persons' household_external_id).
CREATE TABLE import_records (
    kind        TEXT COLLATE "C" NOT NULL,
    external_id TEXT COLLATE "C" NOT NULL,
    record_id   TEXT COLLATE "C" NOT NULL,
    import_id   TEXT COLLATE "C" NOT NULL REFERENCES imports(id),
    line        BIGINT NOT NULL,        -- the line of the file the row starts on
    PRIMARY KEY (kind, external_id)
);
CREATE INDEX import_records_record ON import_records(record_id);

-- Imported records dated before their import's alerts_from (a child born, a missed check-up, a
-- report received): the alert board leaves them out, so years of history do not flood it.
CREATE TABLE alerts_quiet (
    record_id TEXT COLLATE "C" PRIMARY KEY
);

-- Maternal and child health: pregnancy notifications, screenings, visits and check-ups, settings.
-- Computed results (risk, scores, flags) are stored with the record: what the nurse saw is what
-- the record keeps, even after the director changes the table.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    value      TEXT NOT NULL,        -- JSON
    updated_at INTEGER NOT NULL,
    updated_by TEXT
);

CREATE TABLE pregnancies (
    id                    TEXT PRIMARY KEY,
    version               INTEGER NOT NULL DEFAULT 1,
    mother_id             TEXT NOT NULL REFERENCES persons(id),
    notified_on           TEXT NOT NULL,
    weeks_at_notification INTEGER,
    notified_after_birth  INTEGER NOT NULL DEFAULT 0,
    due_date              TEXT,
    multiple              INTEGER NOT NULL DEFAULT 0,
    answers               TEXT NOT NULL,  -- JSON object: code -> bool
    notes                 TEXT,
    risk_score            INTEGER NOT NULL,
    risk_level            TEXT NOT NULL,
    flags                 TEXT NOT NULL,  -- JSON array of {code, label, weight}
    candidate             INTEGER NOT NULL,
    band                  TEXT NOT NULL,
    risk_table_version    INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX pregnancies_mother ON pregnancies(mother_id, notified_on);
CREATE INDEX pregnancies_candidate ON pregnancies(candidate, notified_on);
CREATE INDEX pregnancies_level ON pregnancies(risk_level, notified_on);

CREATE TABLE pregnancy_children (
    pregnancy_id TEXT NOT NULL REFERENCES pregnancies(id),
    child_id     TEXT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (pregnancy_id, child_id)
);
CREATE INDEX pregnancy_children_child ON pregnancy_children(child_id);

CREATE TABLE screenings (
    id              TEXT PRIMARY KEY,
    version         INTEGER NOT NULL DEFAULT 1,
    person_id       TEXT NOT NULL REFERENCES persons(id),
    instrument      TEXT NOT NULL,
    administered_on TEXT NOT NULL,
    answers         TEXT NOT NULL,   -- JSON array of option indexes
    score           INTEGER NOT NULL,
    item_scores     TEXT NOT NULL,   -- JSON array
    flags           TEXT NOT NULL,   -- JSON array of {code, label}
    visit_id        TEXT,
    notes           TEXT,
    needs_followup  INTEGER NOT NULL,
    followup_on     TEXT,
    followup_note   TEXT,
    followup_by     TEXT,
    followup_at     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX screenings_person ON screenings(person_id, administered_on);
CREATE INDEX screenings_open ON screenings(needs_followup, administered_on);

CREATE TABLE visits (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 1,
    person_id     TEXT NOT NULL REFERENCES persons(id),
    kind          TEXT NOT NULL,
    subtype       TEXT,
    on_date       TEXT NOT NULL,
    status        TEXT NOT NULL,
    staff         TEXT,
    notes         TEXT,
    followup_on   TEXT,
    followup_note TEXT,
    followup_by   TEXT,
    followup_at   INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX visits_person ON visits(person_id, kind, on_date);
CREATE INDEX visits_on ON visits(on_date);
CREATE INDEX visits_missed ON visits(status, kind);

-- Infants are found by birth date (the newborn-visit alert).
CREATE INDEX persons_birth_date ON persons(birth_date);

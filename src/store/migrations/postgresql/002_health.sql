-- Maternal and child health: pregnancy notifications, screenings, visits and check-ups, settings.
-- Computed results (risk, scores, flags) are stored with the record: what the nurse saw is what
-- the record keeps, even after the director changes the table.
-- (PostgreSQL dialect of sqlite/002_health.sql; the conventions are those of 001.)

CREATE TABLE settings (
    key        TEXT COLLATE "C" PRIMARY KEY,
    version    BIGINT NOT NULL,
    value      TEXT COLLATE "C" NOT NULL,        -- JSON
    updated_at BIGINT NOT NULL,
    updated_by TEXT COLLATE "C"
);

CREATE TABLE pregnancies (
    id                    TEXT COLLATE "C" PRIMARY KEY,
    version               BIGINT NOT NULL DEFAULT 1,
    mother_id             TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    notified_on           TEXT COLLATE "C" NOT NULL,
    weeks_at_notification BIGINT,
    notified_after_birth  BIGINT NOT NULL DEFAULT 0,
    due_date              TEXT COLLATE "C",
    multiple              BIGINT NOT NULL DEFAULT 0,
    answers               TEXT COLLATE "C" NOT NULL,  -- JSON object: code -> bool
    notes                 TEXT COLLATE "C",
    risk_score            BIGINT NOT NULL,
    risk_level            TEXT COLLATE "C" NOT NULL,
    flags                 TEXT COLLATE "C" NOT NULL,  -- JSON array of {code, label, weight}
    candidate             BIGINT NOT NULL,
    band                  TEXT COLLATE "C" NOT NULL,
    risk_table_version    BIGINT NOT NULL,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX pregnancies_mother ON pregnancies(mother_id, notified_on);
CREATE INDEX pregnancies_candidate ON pregnancies(candidate, notified_on);
CREATE INDEX pregnancies_level ON pregnancies(risk_level, notified_on);

CREATE TABLE pregnancy_children (
    pregnancy_id TEXT COLLATE "C" NOT NULL REFERENCES pregnancies(id),
    child_id     TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    PRIMARY KEY (pregnancy_id, child_id)
);
CREATE INDEX pregnancy_children_child ON pregnancy_children(child_id);

CREATE TABLE screenings (
    id              TEXT COLLATE "C" PRIMARY KEY,
    version         BIGINT NOT NULL DEFAULT 1,
    person_id       TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    instrument      TEXT COLLATE "C" NOT NULL,
    administered_on TEXT COLLATE "C" NOT NULL,
    answers         TEXT COLLATE "C" NOT NULL,   -- JSON array of option indexes
    score           BIGINT NOT NULL,
    item_scores     TEXT COLLATE "C" NOT NULL,   -- JSON array
    flags           TEXT COLLATE "C" NOT NULL,   -- JSON array of {code, label}
    visit_id        TEXT COLLATE "C",
    notes           TEXT COLLATE "C",
    needs_followup  BIGINT NOT NULL,
    followup_on     TEXT COLLATE "C",
    followup_note   TEXT COLLATE "C",
    followup_by     TEXT COLLATE "C",
    followup_at     BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX screenings_person ON screenings(person_id, administered_on);
CREATE INDEX screenings_open ON screenings(needs_followup, administered_on);

CREATE TABLE visits (
    id            TEXT COLLATE "C" PRIMARY KEY,
    version       BIGINT NOT NULL DEFAULT 1,
    person_id     TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    kind          TEXT COLLATE "C" NOT NULL,
    subtype       TEXT COLLATE "C",
    on_date       TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    staff         TEXT COLLATE "C",
    notes         TEXT COLLATE "C",
    followup_on   TEXT COLLATE "C",
    followup_note TEXT COLLATE "C",
    followup_by   TEXT COLLATE "C",
    followup_at   BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX visits_person ON visits(person_id, kind, on_date);
CREATE INDEX visits_on ON visits(on_date);
CREATE INDEX visits_missed ON visits(status, kind);

-- Infants are found by birth date (the newborn-visit alert).
CREATE INDEX persons_birth_date ON persons(birth_date);

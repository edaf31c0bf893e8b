-- The foundation: accounts, sessions, persons, households, the shared timeline, the audit chain.
-- Instants are Unix seconds (INTEGER); dates are 'YYYY-MM-DD' text. Ids are opaque text.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 1,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret   TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Session tokens are stored only as SHA-256 hashes.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    login TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX login_failures_login_at ON login_failures(login, at);

CREATE TABLE persons (
    id               TEXT PRIMARY KEY,
    version          INTEGER NOT NULL DEFAULT 1,
    family_name      TEXT NOT NULL,
    given_name       TEXT,
    family_name_kana TEXT NOT NULL,
    given_name_kana  TEXT,
    birth_date       TEXT,
    sex              TEXT NOT NULL DEFAULT 'unknown',
    address          TEXT,
    phone            TEXT,
    resident_id      TEXT UNIQUE,
    duplicate_key    TEXT,        -- search key of the full kana name and the birth date
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX persons_duplicate_key ON persons(duplicate_key);

-- Normalised name keys for prefix search (kana.c): the full name and the given name, in kana and
-- in kanji. A prefix of the family name is a prefix of the full name, so it needs no key of its own.
CREATE TABLE person_keys (
    key       TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX person_keys_person ON person_keys(person_id);

CREATE TABLE households (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL DEFAULT 1,
    name       TEXT,
    address    TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE household_members (
    household_id TEXT NOT NULL REFERENCES households(id),
    position     INTEGER NOT NULL,
    person_id    TEXT NOT NULL REFERENCES persons(id),
    relation     TEXT NOT NULL,
    from_date    TEXT,
    to_date      TEXT,
    PRIMARY KEY (household_id, position)
);
CREATE INDEX household_members_person ON household_members(person_id);

-- The shared record: every event about a person or a household, from both sections.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    section      TEXT NOT NULL,
    summary      TEXT NOT NULL,
    ref_type     TEXT NOT NULL,
    ref_id       TEXT NOT NULL,
    person_id    TEXT,
    household_id TEXT
);
CREATE INDEX events_person ON events(person_id, at);
CREATE INDEX events_household ON events(household_id, at);

-- Append-only, each row chained to the one before by SHA-256 (audit.c).
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     TEXT,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    person_id   TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_person ON audit(person_id, seq);
CREATE INDEX audit_user ON audit(user_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- Child welfare: consultations and abuse reports (通告・相談), their workflow as dated events,
-- and the children's safety confirmation (現認) against the 48-hour clock.

CREATE TABLE reports (
    id                 TEXT PRIMARY KEY,
    version            INTEGER NOT NULL DEFAULT 1,
    kind               TEXT NOT NULL,
    received_at        INTEGER NOT NULL,
    received_by        TEXT NOT NULL,     -- the user who took the call
    route              TEXT NOT NULL,
    abuse_types        TEXT NOT NULL,     -- JSON array of codes
    main_perpetrator   TEXT,
    summary            TEXT,
    urgent             INTEGER NOT NULL DEFAULT 0,
    reporter_name      TEXT,
    reporter_relation  TEXT,
    reporter_contact   TEXT,
    reporter_anonymous INTEGER NOT NULL DEFAULT 0,
    reporter_intent    TEXT,
    status             TEXT NOT NULL,
    urgency            TEXT,
    safety_due_at      INTEGER,           -- abuse reports: received_at + 48 h
    case_id            TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX reports_received ON reports(received_at);
CREATE INDEX reports_open_safety ON reports(kind, status, safety_due_at);

CREATE TABLE report_children (
    report_id    TEXT NOT NULL REFERENCES reports(id),
    position     INTEGER NOT NULL,
    child_id     TEXT NOT NULL REFERENCES persons(id),
    confirmed_at INTEGER,                 -- the 現認 of this child, NULL while unconfirmed
    confirmed_by TEXT,
    PRIMARY KEY (report_id, child_id)
);
CREATE INDEX report_children_child ON report_children(child_id);
CREATE INDEX report_children_open ON report_children(confirmed_at, report_id);

CREATE TABLE report_guardians (
    report_id TEXT NOT NULL REFERENCES reports(id),
    position  INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    relation  TEXT,
    PRIMARY KEY (report_id, person_id)
);

-- Every step is a dated event; nothing is overwritten.
CREATE TABLE report_events (
    seq         INTEGER PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports(id),
    step        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    note        TEXT,
    urgency     TEXT,
    attendees   TEXT,                     -- JSON array (juri)
    child_ids   TEXT,                     -- JSON array (safety_confirmed: the children seen)
    seen_by     TEXT,                     -- who saw them (safety_confirmed)
    case_id     TEXT,                     -- support
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX report_events_report ON report_events(report_id, seq);

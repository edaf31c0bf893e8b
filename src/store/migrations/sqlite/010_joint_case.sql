-- The joint case (issue 11): the 要対協's member agencies, cases with their subjects (each with
-- her or his own designation and ledger registration), conferences with their cases, attendees,
-- decisions and actions, サポートプラン versions, partners' 状況報告, and the protected-address
-- mark on a person. Dates are 'YYYY-MM-DD' text, instants Unix seconds.

-- The 要対協's members (school, nursery, police, …). A partner account belongs to one.
CREATE TABLE agencies (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL DEFAULT 1,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX agencies_name ON agencies(name);

ALTER TABLE users ADD COLUMN agency_id TEXT REFERENCES agencies(id);

-- 住所秘匿 (DV等支援措置): the address and phone never reach partners, papers, prints, exports.
ALTER TABLE persons ADD COLUMN address_protected INTEGER NOT NULL DEFAULT 0;

CREATE TABLE conferences (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL DEFAULT 1,
    kind       TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    place      TEXT,
    chair_id   TEXT REFERENCES users(id),
    chair_name TEXT,
    minutes    TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX conferences_held_on ON conferences(held_on, id);
CREATE INDEX conferences_kind_held_on ON conferences(kind, held_on);

-- One case per household in support; at most one open case per household (the partial index).
CREATE TABLE cases (
    id                       TEXT PRIMARY KEY,
    version                  INTEGER NOT NULL DEFAULT 1,
    household_id             TEXT NOT NULL REFERENCES households(id),
    status                   TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    lead_id                  TEXT NOT NULL REFERENCES users(id),
    deputy_id                TEXT REFERENCES users(id),
    lead_agency_id           TEXT REFERENCES agencies(id),   -- NULL: the center itself
    opened_on                TEXT NOT NULL,
    opened_from_type         TEXT,                           -- pregnancy | report | transfer; NULL: directly
    opened_from_id           TEXT,
    opened_from_municipality TEXT,                           -- transfer: where the family came from
    policy                   TEXT,                           -- the latest 支援方針 decided
    last_reviewed_on         TEXT,                           -- the last conference that listed it
    next_review_on           TEXT,
    closed_on                TEXT,
    close_reason             TEXT,
    close_note               TEXT,
    moved_to                 TEXT,
    closed_by                TEXT REFERENCES users(id),
    created_by               TEXT NOT NULL REFERENCES users(id),
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
);
CREATE UNIQUE INDEX cases_open_household ON cases(household_id) WHERE status = 'open';
CREATE INDEX cases_household ON cases(household_id);
CREATE INDEX cases_status_review ON cases(status, next_review_on);
CREATE INDEX cases_lead ON cases(lead_id, status);

-- A case's subjects: each with her or his own designation (set only by a conference decision)
-- and registration in the 要対協 ledger. A subject taken off the case keeps its row (removed_on).
CREATE TABLE case_subjects (
    case_id         TEXT NOT NULL REFERENCES cases(id),
    person_id       TEXT NOT NULL REFERENCES persons(id),
    category        TEXT NOT NULL DEFAULT 'general',
    designated_by   TEXT REFERENCES conferences(id),
    designated_on   TEXT,
    youtaikyo       INTEGER NOT NULL DEFAULT 0,
    registered_on   TEXT,
    unregistered_on TEXT,
    added_on        TEXT NOT NULL,
    removed_on      TEXT,
    PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_subjects_person ON case_subjects(person_id);
CREATE INDEX case_subjects_registered ON case_subjects(youtaikyo, case_id);

-- The agencies a registered case is shared with.
CREATE TABLE case_agencies (
    case_id   TEXT NOT NULL REFERENCES cases(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (case_id, agency_id)
);
CREATE INDEX case_agencies_agency ON case_agencies(agency_id, case_id);

CREATE TABLE conference_cases (
    conference_id TEXT NOT NULL REFERENCES conferences(id),
    case_id       TEXT NOT NULL REFERENCES cases(id),
    position      INTEGER NOT NULL DEFAULT 0,  -- the order the meeting took the cases up
    discussion    TEXT,
    next_review_on TEXT,                       -- the next review this meeting set
    PRIMARY KEY (conference_id, case_id)
);
CREATE INDEX conference_cases_case ON conference_cases(case_id, conference_id);

CREATE TABLE conference_attendees (
    conference_id TEXT NOT NULL REFERENCES conferences(id),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    agency        TEXT,
    agency_id     TEXT REFERENCES agencies(id),
    user_id       TEXT REFERENCES users(id),
    PRIMARY KEY (conference_id, position)
);

-- A decision takes effect when its conference is posted; it is never changed afterwards.
CREATE TABLE conference_decisions (
    conference_id       TEXT NOT NULL REFERENCES conferences(id),
    position            INTEGER NOT NULL,
    case_id             TEXT REFERENCES cases(id),
    pregnancy_id        TEXT REFERENCES pregnancies(id),
    person_id           TEXT REFERENCES persons(id),
    category            TEXT,
    register            INTEGER,              -- 1 enter the ledger, 0 take out, NULL not decided
    policy              TEXT,
    plan_approval_asked INTEGER NOT NULL DEFAULT 0,
    close_reason        TEXT,                 -- the conference decided to close the case
    note                TEXT,
    PRIMARY KEY (conference_id, position)
);
CREATE INDEX conference_decisions_case ON conference_decisions(case_id);
CREATE INDEX conference_decisions_pregnancy ON conference_decisions(pregnancy_id);
CREATE INDEX conference_decisions_person ON conference_decisions(person_id);

CREATE TABLE conference_actions (
    id              TEXT PRIMARY KEY,
    conference_id   TEXT NOT NULL REFERENCES conferences(id),
    position        INTEGER NOT NULL,
    what            TEXT NOT NULL,
    owner_id        TEXT REFERENCES users(id),
    owner_agency_id TEXT REFERENCES agencies(id),
    due_on          TEXT NOT NULL,
    case_id         TEXT REFERENCES cases(id),
    done_on         TEXT,
    done_by         TEXT REFERENCES users(id),
    done_at         INTEGER
);
CREATE INDEX conference_actions_conference ON conference_actions(conference_id, position);
CREATE INDEX conference_actions_case ON conference_actions(case_id, done_on);
CREATE INDEX conference_actions_open ON conference_actions(done_on, due_on);

-- サポートプラン: every version a row of its own, never changed afterwards but for its approval
-- and its reviews.
CREATE TABLE plans (
    id               TEXT PRIMARY KEY,
    version          INTEGER NOT NULL DEFAULT 1,
    case_id          TEXT NOT NULL REFERENCES cases(id),
    plan_version     INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    guardian_wishes  TEXT,
    child_views      TEXT,
    situation        TEXT,
    long_term_goal   TEXT,
    short_term_goals TEXT,
    review_on        TEXT,
    handed_on        TEXT,
    last_reviewed_on TEXT,
    approved_by      TEXT REFERENCES users(id),
    approved_at      INTEGER,
    created_by       TEXT NOT NULL REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (case_id, plan_version)
);
CREATE INDEX plans_status_review ON plans(status, review_on);

CREATE TABLE plan_subjects (
    plan_id   TEXT NOT NULL REFERENCES plans(id),
    position  INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE plan_services (
    plan_id   TEXT NOT NULL REFERENCES plans(id),
    position  INTEGER NOT NULL,
    what      TEXT NOT NULL,
    who       TEXT,
    how_often TEXT,
    from_on   TEXT,
    to_on     TEXT,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE plan_contacts (
    plan_id  TEXT NOT NULL REFERENCES plans(id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    relation TEXT,
    phone    TEXT,
    PRIMARY KEY (plan_id, position)
);

-- A partner agency's dated 状況報告 on a case shared with it.
CREATE TABLE partner_reports (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id),
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    on_date    TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX partner_reports_case ON partner_reports(case_id, on_date);

-- The coordinator's board: the newest event of each section of a case's subject, one probe each.
CREATE INDEX events_section_person ON events(section, person_id, at);

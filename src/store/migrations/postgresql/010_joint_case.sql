-- The joint case (issue 11): the 要対協's member agencies, cases with their subjects (each with
-- her or his own designation and ledger registration), conferences with their cases, attendees,
-- decisions and actions, サポートプラン versions, partners' 状況報告, and the protected-address
-- mark on a person. Dates are 'YYYY-MM-DD' text, instants Unix seconds.
-- (PostgreSQL dialect of sqlite/010_joint_case.sql.)

-- The 要対協's members (school, nursery, police, …). A partner account belongs to one.
CREATE TABLE agencies (
    id         TEXT COLLATE "C" PRIMARY KEY,
    version    BIGINT NOT NULL DEFAULT 1,
    name       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX agencies_name ON agencies(name);

ALTER TABLE users ADD COLUMN agency_id TEXT COLLATE "C" REFERENCES agencies(id);

-- 住所秘匿 (DV等支援措置): the address and phone never reach partners, papers, prints, exports.
ALTER TABLE persons ADD COLUMN address_protected BIGINT NOT NULL DEFAULT 0;

CREATE TABLE conferences (
    id         TEXT COLLATE "C" PRIMARY KEY,
    version    BIGINT NOT NULL DEFAULT 1,
    kind       TEXT COLLATE "C" NOT NULL,
    held_on    TEXT COLLATE "C" NOT NULL,
    place      TEXT COLLATE "C",
    chair_id   TEXT COLLATE "C" REFERENCES users(id),
    chair_name TEXT COLLATE "C",
    minutes    TEXT COLLATE "C",
    created_by TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX conferences_held_on ON conferences(held_on, id);
CREATE INDEX conferences_kind_held_on ON conferences(kind, held_on);

-- One case per household in support; at most one open case per household (the partial index).
CREATE TABLE cases (
    id                       TEXT COLLATE "C" PRIMARY KEY,
    version                  BIGINT NOT NULL DEFAULT 1,
    household_id             TEXT COLLATE "C" NOT NULL REFERENCES households(id),
    status                   TEXT COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    lead_id                  TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    deputy_id                TEXT COLLATE "C" REFERENCES users(id),
    lead_agency_id           TEXT COLLATE "C" REFERENCES agencies(id),   -- NULL: the center itself
    opened_on                TEXT COLLATE "C" NOT NULL,
    opened_from_type         TEXT COLLATE "C",                           -- pregnancy | report | transfer; NULL: directly
    opened_from_id           TEXT COLLATE "C",
    opened_from_municipality TEXT COLLATE "C",                           -- transfer: where the family came from
    policy                   TEXT COLLATE "C",                           -- the latest 支援方針 decided
    last_reviewed_on         TEXT COLLATE "C",                           -- the last conference that listed it
    next_review_on           TEXT COLLATE "C",
    closed_on                TEXT COLLATE "C",
    close_reason             TEXT COLLATE "C",
    close_note               TEXT COLLATE "C",
    moved_to                 TEXT COLLATE "C",
    closed_by                TEXT COLLATE "C" REFERENCES users(id),
    created_by               TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
);
CREATE UNIQUE INDEX cases_open_household ON cases(household_id) WHERE status = 'open';
CREATE INDEX cases_household ON cases(household_id);
CREATE INDEX cases_status_review ON cases(status, next_review_on);
CREATE INDEX cases_lead ON cases(lead_id, status);

-- A case's subjects: each with her or his own designation (set only by a conference decision)
-- and registration in the 要対協 ledger. A subject taken off the case keeps its row (removed_on).
CREATE TABLE case_subjects (
    case_id         TEXT COLLATE "C" NOT NULL REFERENCES cases(id),
    person_id       TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    category        TEXT COLLATE "C" NOT NULL DEFAULT 'general',
    designated_by   TEXT COLLATE "C" REFERENCES conferences(id),
    designated_on   TEXT COLLATE "C",
    youtaikyo       BIGINT NOT NULL DEFAULT 0,
    registered_on   TEXT COLLATE "C",
    unregistered_on TEXT COLLATE "C",
    added_on        TEXT COLLATE "C" NOT NULL,
    removed_on      TEXT COLLATE "C",
    PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_subjects_person ON case_subjects(person_id);
CREATE INDEX case_subjects_registered ON case_subjects(youtaikyo, case_id);

-- The agencies a registered case is shared with.
CREATE TABLE case_agencies (
    case_id   TEXT COLLATE "C" NOT NULL REFERENCES cases(id),
    agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (case_id, agency_id)
);
CREATE INDEX case_agencies_agency ON case_agencies(agency_id, case_id);

CREATE TABLE conference_cases (
    conference_id TEXT COLLATE "C" NOT NULL REFERENCES conferences(id),
    case_id       TEXT COLLATE "C" NOT NULL REFERENCES cases(id),
    position      BIGINT NOT NULL DEFAULT 0,  -- the order the meeting took the cases up
    discussion    TEXT COLLATE "C",
    next_review_on TEXT COLLATE "C",          -- the next review this meeting set
    PRIMARY KEY (conference_id, case_id)
);
CREATE INDEX conference_cases_case ON conference_cases(case_id, conference_id);

CREATE TABLE conference_attendees (
    conference_id TEXT COLLATE "C" NOT NULL REFERENCES conferences(id),
    position      BIGINT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    agency        TEXT COLLATE "C",
    agency_id     TEXT COLLATE "C" REFERENCES agencies(id),
    user_id       TEXT COLLATE "C" REFERENCES users(id),
    PRIMARY KEY (conference_id, position)
);

-- A decision takes effect when its conference is posted; it is never changed afterwards.
CREATE TABLE conference_decisions (
    conference_id       TEXT COLLATE "C" NOT NULL REFERENCES conferences(id),
    position            BIGINT NOT NULL,
    case_id             TEXT COLLATE "C" REFERENCES cases(id),
    pregnancy_id        TEXT COLLATE "C" REFERENCES pregnancies(id),
    person_id           TEXT COLLATE "C" REFERENCES persons(id),
    category            TEXT COLLATE "C",
    register            BIGINT,              -- 1 enter the ledger, 0 take out, NULL not decided
    policy              TEXT COLLATE "C",
    plan_approval_asked BIGINT NOT NULL DEFAULT 0,
    close_reason        TEXT COLLATE "C",                 -- the conference decided to close the case
    note                TEXT COLLATE "C",
    PRIMARY KEY (conference_id, position)
);
CREATE INDEX conference_decisions_case ON conference_decisions(case_id);
CREATE INDEX conference_decisions_pregnancy ON conference_decisions(pregnancy_id);
CREATE INDEX conference_decisions_person ON conference_decisions(person_id);

CREATE TABLE conference_actions (
    id              TEXT COLLATE "C" PRIMARY KEY,
    conference_id   TEXT COLLATE "C" NOT NULL REFERENCES conferences(id),
    position        BIGINT NOT NULL,
    what            TEXT COLLATE "C" NOT NULL,
    owner_id        TEXT COLLATE "C" REFERENCES users(id),
    owner_agency_id TEXT COLLATE "C" REFERENCES agencies(id),
    due_on          TEXT COLLATE "C" NOT NULL,
    case_id         TEXT COLLATE "C" REFERENCES cases(id),
    done_on         TEXT COLLATE "C",
    done_by         TEXT COLLATE "C" REFERENCES users(id),
    done_at         BIGINT
);
CREATE INDEX conference_actions_conference ON conference_actions(conference_id, position);
CREATE INDEX conference_actions_case ON conference_actions(case_id, done_on);
CREATE INDEX conference_actions_open ON conference_actions(done_on, due_on);

-- サポートプラン: every version a row of its own, never changed afterwards but for its approval
-- and its reviews.
CREATE TABLE plans (
    id               TEXT COLLATE "C" PRIMARY KEY,
    version          BIGINT NOT NULL DEFAULT 1,
    case_id          TEXT COLLATE "C" NOT NULL REFERENCES cases(id),
    plan_version     BIGINT NOT NULL,
    status           TEXT COLLATE "C" NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    guardian_wishes  TEXT COLLATE "C",
    child_views      TEXT COLLATE "C",
    situation        TEXT COLLATE "C",
    long_term_goal   TEXT COLLATE "C",
    short_term_goals TEXT COLLATE "C",
    review_on        TEXT COLLATE "C",
    handed_on        TEXT COLLATE "C",
    last_reviewed_on TEXT COLLATE "C",
    approved_by      TEXT COLLATE "C" REFERENCES users(id),
    approved_at      BIGINT,
    created_by       TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (case_id, plan_version)
);
CREATE INDEX plans_status_review ON plans(status, review_on);

CREATE TABLE plan_subjects (
    plan_id   TEXT COLLATE "C" NOT NULL REFERENCES plans(id),
    position  BIGINT NOT NULL,
    person_id TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE plan_services (
    plan_id   TEXT COLLATE "C" NOT NULL REFERENCES plans(id),
    position  BIGINT NOT NULL,
    what      TEXT COLLATE "C" NOT NULL,
    who       TEXT COLLATE "C",
    how_often TEXT COLLATE "C",
    from_on   TEXT COLLATE "C",
    to_on     TEXT COLLATE "C",
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE plan_contacts (
    plan_id  TEXT COLLATE "C" NOT NULL REFERENCES plans(id),
    position BIGINT NOT NULL,
    name     TEXT COLLATE "C" NOT NULL,
    relation TEXT COLLATE "C",
    phone    TEXT COLLATE "C",
    PRIMARY KEY (plan_id, position)
);

-- A partner agency's dated 状況報告 on a case shared with it.
CREATE TABLE partner_reports (
    id         TEXT COLLATE "C" PRIMARY KEY,
    case_id    TEXT COLLATE "C" NOT NULL REFERENCES cases(id),
    agency_id  TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
    on_date    TEXT COLLATE "C" NOT NULL,
    text       TEXT COLLATE "C" NOT NULL,
    created_by TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX partner_reports_case ON partner_reports(case_id, on_date);

-- The coordinator's board: the newest event of each section of a case's subject, one probe each.
CREATE INDEX events_section_person ON events(section, person_id, at);

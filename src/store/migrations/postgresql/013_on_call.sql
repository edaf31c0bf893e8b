-- The on-call roster (当番): who is on call from when to when, and how to reach them. The alert
-- board shows the entry in force on an open safety confirmation due outside office hours. An
-- entry is corrected (version + 1, audited) or cancelled, never deleted.
-- (PostgreSQL dialect of sqlite/013_on_call.sql; the conventions are those of 001.)

CREATE TABLE on_call (
    id         TEXT COLLATE "C" PRIMARY KEY,
    version    BIGINT NOT NULL DEFAULT 1,
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    contact    TEXT COLLATE "C" NOT NULL,           -- a phone number or how to reach them
    cancelled  BIGINT NOT NULL DEFAULT 0,
    created_by TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX on_call_ends ON on_call(ends_at);

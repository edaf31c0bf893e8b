-- The on-call roster (当番): who is on call from when to when, and how to reach them. The alert
-- board shows the entry in force on an open safety confirmation due outside office hours. An
-- entry is corrected (version + 1, audited) or cancelled, never deleted.

CREATE TABLE on_call (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL DEFAULT 1,
    user_id    TEXT NOT NULL REFERENCES users(id),
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    contact    TEXT NOT NULL,            -- a phone number or how to reach them
    cancelled  INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX on_call_ends ON on_call(ends_at);

-- Possible duplicates and the merge of two records of one person (issue 13, item 6).
-- A pair found at creation (the same kana name and birth date) is kept, a < b, until someone
-- decides: distinct (別人) or merged. A merged record is kept, marked merged_into its survivor, so
-- that old links resolve; person_merge_rows lists every row the merge moved to the survivor (by
-- table and key), so the merge can be undone exactly.

CREATE TABLE person_duplicates (
    a          TEXT NOT NULL REFERENCES persons(id),
    b          TEXT NOT NULL REFERENCES persons(id),
    found_at   INTEGER NOT NULL,
    decision   TEXT NOT NULL DEFAULT 'open',   -- open | distinct | merged
    decided_by TEXT REFERENCES users(id),
    decided_at INTEGER,
    PRIMARY KEY (a, b)
);
CREATE INDEX person_duplicates_b ON person_duplicates(b);
CREATE INDEX person_duplicates_open ON person_duplicates(decision, found_at);

ALTER TABLE persons ADD COLUMN merged_into TEXT REFERENCES persons(id);

-- One merge: the survivor's fields before it (restored by an undo) and the merged record's
-- resident_id when the survivor took it.
CREATE TABLE person_merges (
    id                   TEXT PRIMARY KEY,
    survivor_id          TEXT NOT NULL REFERENCES persons(id),
    merged_id            TEXT NOT NULL REFERENCES persons(id),
    at                   INTEGER NOT NULL,
    by_user              TEXT REFERENCES users(id),
    taken_fields         TEXT NOT NULL,    -- the fields taken from the merged record, comma-separated
    before_family_name   TEXT NOT NULL,
    before_given_name    TEXT,
    before_family_kana   TEXT NOT NULL,
    before_given_kana    TEXT,
    before_birth_date    TEXT,
    before_sex           TEXT NOT NULL,
    before_address       TEXT,
    before_phone         TEXT,
    before_resident_id   TEXT,
    before_affiliation   TEXT,
    before_protected     INTEGER NOT NULL,
    merged_resident_id   TEXT,
    undone_at            INTEGER,
    undone_by            TEXT REFERENCES users(id)
);
CREATE INDEX person_merges_survivor ON person_merges(survivor_id);
CREATE INDEX person_merges_merged ON person_merges(merged_id);

-- Each row the merge moved: its table and its key there (events: seq; household_members:
-- household_id:position; …: see store/person_merges.c).
CREATE TABLE person_merge_rows (
    merge_id   TEXT NOT NULL REFERENCES person_merges(id),
    table_name TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    PRIMARY KEY (merge_id, table_name, row_key)
);

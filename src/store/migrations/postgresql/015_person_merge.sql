-- Possible duplicates and the merge of two records of one person (issue 13, item 6).
-- (PostgreSQL dialect of sqlite/015_person_merge.sql; the conventions are those of 001.)

CREATE TABLE person_duplicates (
    a          TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    b          TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    found_at   BIGINT NOT NULL,
    decision   TEXT COLLATE "C" NOT NULL DEFAULT 'open',   -- open | distinct | merged
    decided_by TEXT COLLATE "C" REFERENCES users(id),
    decided_at BIGINT,
    PRIMARY KEY (a, b)
);
CREATE INDEX person_duplicates_b ON person_duplicates(b);
CREATE INDEX person_duplicates_open ON person_duplicates(decision, found_at);

ALTER TABLE persons ADD COLUMN merged_into TEXT COLLATE "C" REFERENCES persons(id);

CREATE TABLE person_merges (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    survivor_id          TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    merged_id            TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
    at                   BIGINT NOT NULL,
    by_user              TEXT COLLATE "C" REFERENCES users(id),
    taken_fields         TEXT COLLATE "C" NOT NULL,
    before_family_name   TEXT COLLATE "C" NOT NULL,
    before_given_name    TEXT COLLATE "C",
    before_family_kana   TEXT COLLATE "C" NOT NULL,
    before_given_kana    TEXT COLLATE "C",
    before_birth_date    TEXT COLLATE "C",
    before_sex           TEXT COLLATE "C" NOT NULL,
    before_address       TEXT COLLATE "C",
    before_phone         TEXT COLLATE "C",
    before_resident_id   TEXT COLLATE "C",
    before_affiliation   TEXT COLLATE "C",
    before_protected     BIGINT NOT NULL,
    merged_resident_id   TEXT COLLATE "C",
    undone_at            BIGINT,
    undone_by            TEXT COLLATE "C" REFERENCES users(id)
);
CREATE INDEX person_merges_survivor ON person_merges(survivor_id);
CREATE INDEX person_merges_merged ON person_merges(merged_id);

CREATE TABLE person_merge_rows (
    merge_id   TEXT COLLATE "C" NOT NULL REFERENCES person_merges(id),
    table_name TEXT COLLATE "C" NOT NULL,
    row_key    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (merge_id, table_name, row_key)
);

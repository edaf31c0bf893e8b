-- Issue 8 ("Safety and trust"): what existing rows need for two of its items.
-- (PostgreSQL dialect of sqlite/007_interview_and_search.sql.)

-- 1. The 妊娠届 interview knows which questions were not asked (未確認). `answers` keeps only the
--    codes asked (true or false); `unasked_count` is how many answer codes were not asked, written
--    with the record whenever it is judged (0: the interview is complete), so lists and statistics
--    can tell an incomplete interview from a low risk without reading the JSON.
--    Rows written before this migration stored every code, an unticked box as false: they were
--    recorded as "no", and nothing tells which questions were really asked. They stay answered
--    (unasked_count 0); nothing new is recorded that way.
ALTER TABLE pregnancies ADD COLUMN unasked_count BIGINT NOT NULL DEFAULT 0;
CREATE INDEX pregnancies_incomplete ON pregnancies(notified_on) WHERE unasked_count > 0;

-- 2. Name search folds 斉 into 斎, as it already folds 齋 and 齊 (kana_variants.inc). The search
--    key (kana_search_key) maps each character of its NFKC form through the variant table; no
--    entry maps anything to 斉, so the new key of a stored one is the old key with every 斉
--    replaced by 斎. The rewritten keys are added beside the old ones, then the old ones removed.
INSERT INTO person_keys (key, person_id)
SELECT REPLACE(key, '斉', '斎'), person_id FROM person_keys WHERE key LIKE '%斉%'
ON CONFLICT DO NOTHING;
DELETE FROM person_keys WHERE key LIKE '%斉%';

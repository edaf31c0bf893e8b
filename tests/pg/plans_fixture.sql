-- The data the plan checks (plans.mjs) plan against: a town of 40,000 residents with ten years of
-- records, in the proportions bench/gen_history.c measured for 200,000 (docs/performance.md,
-- "The alert board"). plans.mjs then runs VACUUM ANALYZE, as autovacuum would have on a center's
-- database: the planner chooses by the statistics, and by the visibility map for index-only
-- scans. (An empty or tiny table would be read whole whatever the indexes.)
-- The board's day is 2026-12-01. Ids are 22 random-looking characters, as random_id() makes them
-- (an id's order says nothing of when the row was written). Test data only: the repositories'
-- SQL rules (store.h) do not apply here.

-- The rows are consistent by construction: their foreign keys are not checked one by one.
SET LOCAL session_replication_role = replica;

CREATE FUNCTION pick(options TEXT[], n BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE
    AS $$ SELECT options[1 + (n % array_length(options, 1))] $$;
CREATE FUNCTION fixture_id(kind TEXT, n BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE
    AS $$ SELECT left(md5(kind || n), 22) $$;
CREATE FUNCTION day_text(d DATE) RETURNS TEXT LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(d, 'YYYY-MM-DD') $$;

INSERT INTO users (id, login, name, role, password_hash, created_at, updated_at)
SELECT fixture_id('u', n), 'staff' || n, '職員' || n, pick('{health,welfare,clerk}', n), 'x',
       1500000000, 1500000000
FROM generate_series(1, 12) n;

-- Persons born 1950 to the board's day, evenly: about 520 a year, so about 520 infants.
INSERT INTO persons (id, family_name, given_name, family_name_kana, given_name_kana, birth_date,
                     sex, address, duplicate_key, created_at, updated_at)
SELECT fixture_id('p', n),
       pick('{佐藤,鈴木,高橋,田中,伊藤,渡辺,山本,中村,小林,加藤,吉田,山田,佐々木,山口,松本,井上,木村,林,斎藤,清水}', n),
       pick('{花子,太郎,陽菜,蓮,結衣,大翔,美咲,健太,さくら,翔}', n / 20),
       pick('{サトウ,スズキ,タカハシ,タナカ,イトウ,ワタナベ,ヤマモト,ナカムラ,コバヤシ,カトウ,ヨシダ,ヤマダ,ササキ,ヤマグチ,マツモト,イノウエ,キムラ,ハヤシ,サイトウ,シミズ}', n),
       pick('{ハナコ,タロウ,ヒナ,レン,ユイ,ヒロト,ミサキ,ケンタ,サクラ,ショウ}', n / 20),
       day_text(DATE '2026-12-01' - (n * 28117 % 40000) * 7040 / 10000),
       pick('{female,male}', n), '市内' || (n % 9000), 'dup' || n, 1500000000, 1500000000
FROM generate_series(1, 40000) n;

-- Four search keys a person: full and given name, in kana and in kanji.
INSERT INTO person_keys (key, person_id)
SELECT k, id FROM persons p,
    LATERAL (VALUES (family_name_kana || given_name_kana), (given_name_kana),
                    (family_name || given_name), (given_name)) v(k)
ON CONFLICT DO NOTHING;

INSERT INTO households (id, name, created_at, updated_at)
SELECT fixture_id('h', n), '世帯' || n, 1500000000, 1500000000 FROM generate_series(1, 13000) n;
INSERT INTO household_members (household_id, position, person_id, relation)
SELECT fixture_id('h', 1 + n % 13000), n / 13000, fixture_id('p', n), pick('{parent,child,spouse}', n)
FROM generate_series(1, 40000) n;

-- The children born in the last ten years: a newborn visit (done for 95%, 20-125 days after the
-- birth, if that day has come), the check-ups at 4 months, 18 months and 3 years (4.7% missed; of
-- those 40% followed up and the rest mostly attended a later session), and postpartum care.
CREATE TEMP TABLE children AS
SELECT id, birth_date::DATE AS born, (row_number() OVER (ORDER BY id))::INT AS n
FROM persons WHERE birth_date >= '2016-12-01';

INSERT INTO visits (id, person_id, kind, subtype, on_date, status, created_at, updated_at)
SELECT fixture_id('vn', n), id, 'newborn_visit', NULL, day_text(born + 20 + n % 105),
       CASE WHEN born + 20 + n % 105 > DATE '2026-12-01' THEN 'scheduled' ELSE 'done' END,
       1500000000, 1500000000
FROM children WHERE n % 20 <> 0;

INSERT INTO visits (id, person_id, kind, subtype, on_date, status, followup_on, created_at,
                    updated_at)
SELECT fixture_id('vc' || s.subtype, c.n), c.id, 'checkup', s.subtype,
       day_text((c.born + s.age)::DATE),
       CASE WHEN (c.born + s.age)::DATE > DATE '2026-12-01' THEN 'scheduled'
            WHEN (c.n * 7 + s.k) % 1000 < 47 THEN 'missed' ELSE 'done' END,
       CASE WHEN (c.born + s.age)::DATE <= DATE '2026-12-01' AND (c.n * 7 + s.k) % 1000 < 19
            THEN day_text((c.born + s.age)::DATE + 14) END,
       1500000000, 1500000000
FROM children c,
    (VALUES (1, '4m', INTERVAL '4 months'), (2, '18m', INTERVAL '18 months'),
            (3, '3y', INTERVAL '3 years')) s(k, subtype, age)
WHERE (c.born + s.age)::DATE <= DATE '2026-12-29';
-- Of the missed check-ups not followed up, most attended a later session of the same kind.
INSERT INTO visits (id, person_id, kind, subtype, on_date, status, created_at, updated_at)
SELECT fixture_id('vl', row_number() OVER ()), person_id, 'checkup', subtype,
       day_text(on_date::DATE + 30), 'done', 1500000000, 1500000000
FROM visits WHERE status = 'missed' AND followup_on IS NULL AND ascii(id) % 8 <> 0
    AND on_date::DATE + 30 <= DATE '2026-12-01';

INSERT INTO visits (id, person_id, kind, subtype, on_date, status, created_at, updated_at)
SELECT fixture_id('vp', n), id, 'postpartum_care', pick('{stay,day,home}', n),
       day_text(born + 10), 'done', 1500000000, 1500000000
FROM children WHERE n % 5 = 0 AND born + 10 <= DATE '2026-12-01';

-- At each newborn visit done: an EPDS, a 育児支援チェックリスト and for half a bonding
-- questionnaire. 10% of EPDS call for a follow-up, all but the last few weeks' followed up.
INSERT INTO screenings (id, person_id, instrument, administered_on, answers, score, item_scores,
                        flags, visit_id, needs_followup, self_harm, created_at, updated_at)
SELECT fixture_id('s' || i.instrument, v.n), v.person_id, i.instrument, v.on_date, '[]',
       CASE WHEN v.n % 10 = 0 THEN 12 ELSE 3 END, '[]', '[]', v.id,
       CASE WHEN i.instrument = 'epds' AND v.n % 10 = 0 AND v.on_date >= '2026-11-01' THEN 1
            ELSE 0 END,
       CASE WHEN i.instrument = 'epds' AND v.n % 30 = 0 THEN 1 ELSE 0 END,
       1500000000, 1500000000
FROM (SELECT id, person_id, on_date, row_number() OVER (ORDER BY id) AS n
      FROM visits WHERE kind = 'newborn_visit' AND status = 'done') v,
    (VALUES ('epds'), ('support_checklist'), ('bonding')) i(instrument)
WHERE i.instrument <> 'bonding' OR v.n % 2 = 0;

-- Ten years of reports (three in four abuse reports), each naming one to three children; all
-- but the last weeks' closed. The children of an abuse report are seen (現認), but for a few of
-- the open ones and a few closed without it; the children of a consultation never are.
INSERT INTO reports (id, kind, received_at, received_by, route, abuse_types, status,
                     safety_due_at, created_at, updated_at)
SELECT fixture_id('r', n), CASE WHEN n % 4 = 0 THEN 'consultation' ELSE 'abuse_report' END,
       1480000000 + n * 315360, fixture_id('u', 1 + n % 12), 'neighbour', '[]',
       CASE WHEN n > 970 THEN 'investigating' ELSE 'closed' END,
       CASE WHEN n % 4 <> 0 THEN 1480000000 + n * 315360 + 172800 END,
       1480000000 + n * 315360, 1480000000 + n * 315360
FROM generate_series(1, 1000) n;
INSERT INTO report_children (report_id, position, child_id, confirmed_at)
SELECT fixture_id('r', r.n), k, c.id,
       CASE WHEN r.n % 4 = 0 OR (r.n > 995 AND k = 1) OR (r.n * 3 + k) % 50 = 0 THEN NULL
            ELSE 1480000000 + r.n * 315360 + 3600 END
FROM generate_series(1, 1000) r(n), generate_series(1, 3) k,
    LATERAL (SELECT id FROM children WHERE children.n = 1 + (r.n * 5 + k) % 5000) c
WHERE k <= 1 + r.n % 3;

-- The shared timeline: two or three events a person, in time order.
INSERT INTO events (at, kind, section, summary, ref_type, ref_id, person_id, household_id)
SELECT 1480000000 + n * 3100, pick('{person_created,visit_recorded,screening_recorded,report_received}', n),
       pick('{common,health,health,welfare}', n), '記録', 'person', fixture_id('x', n),
       CASE WHEN n % 7 <> 0 THEN fixture_id('p', 1 + n * 7919 % 40000) END,
       CASE WHEN n % 7 = 0 THEN fixture_id('h', 1 + n * 31 % 13000) END
FROM generate_series(1, 100000) n;

-- The audit log: every write and every person shown, two or three rows a person.
INSERT INTO audit (seq, at, user_id, action, object_type, object_id, person_id, prev_hash, hash,
                   alg)
SELECT n, 1480000000 + n * 3100, fixture_id('u', 1 + n % 12), pick('{read,create,update,list}', n),
       'person', fixture_id('p', 1 + n * 7919 % 40000), fixture_id('p', 1 + n * 7919 % 40000),
       md5(n::TEXT), md5((n + 1)::TEXT), 'sha256'
FROM generate_series(1, 100000) n;

DROP TABLE children;
DROP FUNCTION pick(TEXT[], BIGINT), fixture_id(TEXT, BIGINT), day_text(DATE);

-- The visit record as a form (issue 13, items 4 and 7): こんにちは赤ちゃん訪問's structured items and
-- every visit's next contact. NULL is 未確認 (not asked), never "none". The 伴走型相談支援
-- interviews are visits of their kinds (companion_*), found by the mother's id and kind through
-- visits_person_status; their alerts start from the pregnancies of the last 12 months.
ALTER TABLE visits ADD COLUMN infant_weight_g BIGINT;
ALTER TABLE visits ADD COLUMN feeding TEXT COLLATE "C";
ALTER TABLE visits ADD COLUMN mother_mood TEXT COLLATE "C";
ALTER TABLE visits ADD COLUMN mother_sleep TEXT COLLATE "C";
ALTER TABLE visits ADD COLUMN home_environment TEXT COLLATE "C";
ALTER TABLE visits ADD COLUMN home_note TEXT COLLATE "C";
ALTER TABLE visits ADD COLUMN next_contact_on TEXT COLLATE "C";
ALTER TABLE visits ADD COLUMN next_contact_kind TEXT COLLATE "C";
-- The worklist's planned visits and next contacts of the coming days.
CREATE INDEX visits_planned ON visits(on_date) WHERE status = 'scheduled';
CREATE INDEX visits_next_contact ON visits(next_contact_on) WHERE next_contact_on IS NOT NULL;
CREATE INDEX pregnancies_notified ON pregnancies(notified_on);

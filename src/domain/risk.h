/* Pregnancy notification screening (妊娠届・たまご面接, domain.md): the risk table, the flags of
 * one notification, their score, level and 特定妊婦候補, and the national band of notification
 * timing. Pure: no I/O, no allocation, no state. Every string returned here is a static literal
 * (borrowed, never freed); every struct is filled in place by the caller's storage. */
#ifndef TSUNAGU_DOMAIN_RISK_H
#define TSUNAGU_DOMAIN_RISK_H

#include "domain/vocab.h"

#include <stdbool.h>

enum { RISK_CODE_COUNT = 12, RISK_LABEL_MAX = 100 /* characters */ };

typedef enum risk_level { RISK_LOW, RISK_MEDIUM, RISK_HIGH } risk_level;

/* The twelve codes in table order (domain.md): young_mother, late_notification,
 * no_prenatal_checkup, unwanted_pregnancy, mental_illness, no_support_person, dv,
 * prior_child_protection, economic_hardship, single_parent, multiple_birth, smoking. */
extern const char *const risk_codes[RISK_CODE_COUNT];

/* The index of code in risk_codes (exact, case-sensitive match); -1 when unknown or NULL. */
__attribute__((warn_unused_result)) int risk_code_index(const char *code);

/* True for the codes computed from other facts rather than answered: young_mother,
 * late_notification, multiple_birth. False for any other index, including out-of-range ones. */
bool risk_code_is_derived(int index);

typedef struct risk_item {
    int weight;
    char label[RISK_LABEL_MAX * 4 + 1]; /* UTF-8, NUL-terminated */
} risk_item;

typedef struct risk_table {
    risk_item items[RISK_CODE_COUNT]; /* indexed like risk_codes */
    int high_from, medium_from; /* sum >= high_from -> high; >= medium_from -> medium; else low */
    bool candidate_code[RISK_CODE_COUNT]; /* any of these flagged -> 特定妊婦候補 */
    bool candidate_when_high;             /* level high -> 特定妊婦候補 */
} risk_table;

/* Fills *t with the defaults of domain.md: weights 2,2,2,2,2,2,3,3,1,1,1,1 and the labels of its
 * table; high_from 5, medium_from 2; candidate codes dv and prior_child_protection;
 * candidate_when_high true. */
void risk_table_default(risk_table *t);

enum { RISK_BAD_THRESHOLDS = -100 };

/* 0 when *t is usable. Otherwise -(1 + i) for the first item i (in table order) whose weight is
 * outside 0..10 or whose label is empty or not NUL-terminated within its buffer; the items are
 * checked before the thresholds. RISK_BAD_THRESHOLDS unless high_from is 1..100 and medium_from
 * is 1..high_from. Label length in characters and UTF-8 validity are the caller's to check
 * (validate_utf8_chars). */
__attribute__((warn_unused_result)) int risk_table_check(const risk_table *t);

/* An answer of the interview. Zero is "not asked" (未確認), so a question nobody asked can never
 * read as "no" by default. */
typedef enum risk_answer { RISK_UNASKED = 0, RISK_NO, RISK_YES } risk_answer;

typedef struct risk_facts {
    int mother_age; /* completed years on notified_on (date_age_on); -1 unknown */
    int weeks;      /* weeks_at_notification; -1 unknown */
    bool multiple;
    risk_answer answers[RISK_CODE_COUNT]; /* indexed like risk_codes; entries of derived codes are
                                             ignored */
} risk_facts;

typedef struct risk_result {
    bool flagged[RISK_CODE_COUNT]; /* indexed like risk_codes */
    int score;
    risk_level level;
    bool candidate;                /* tokutei_ninpu_candidate (特定妊婦候補) */
    bool unasked[RISK_CODE_COUNT]; /* the answer codes not asked (never a derived code) */
    int unasked_count;             /* 0: the interview is complete */
} risk_result;

/* Flags: young_mother when 0 <= mother_age < 20; late_notification when weeks >= 20;
 * multiple_birth when multiple; every answer code i when answers[i] is RISK_YES. Any negative
 * age or week count is taken as unknown and flags nothing. score is the sum of the weights of the
 * flagged items, level follows the thresholds, and candidate is true when a flagged code is a
 * candidate code or, with candidate_when_high, the level is high. unasked marks every answer code
 * whose answer is RISK_UNASKED (or outside the enum). With unasked codes the interview is not
 * complete (面接未完了): score, level and candidate are those of what was answered — a lower
 * bound, since no weight is negative — and a low level must not be shown as low.
 * *t should pass risk_table_check. */
void risk_evaluate(const risk_table *t, const risk_facts *f, risk_result *out);

/* "low" "medium" "high"; NULL for a value outside the enum. */
const char *risk_level_code(risk_level l);
/* "低" "中" "高"; NULL for a value outside the enum. */
const char *risk_level_label(risk_level l);
/* The level of code ("low" "medium" "high"), or -1 when unknown or NULL. */
__attribute__((warn_unused_result)) int risk_level_from_code(const char *code);
/* The levels with their labels (GET /api/v1/meta: "risk_levels"). */
extern const vocab risk_levels;

/* The national band of notification timing, for statistics. */
typedef enum notification_band {
    BAND_WITHIN_11W,
    BAND_W12_19,
    BAND_W20_27,
    BAND_W28_PLUS,
    BAND_POSTPARTUM,
    BAND_UNKNOWN
} notification_band;

/* after_birth -> BAND_POSTPARTUM whatever the weeks; otherwise by completed weeks (満):
 * 0..11, 12..19, 20..27, 28 and over; any negative weeks (-1 = unknown) -> BAND_UNKNOWN. */
notification_band risk_notification_band(int weeks, bool after_birth);

/* within_11w w12_19 w20_27 w28_plus postpartum unknown; NULL for a value outside the enum. */
const char *risk_band_code(notification_band b);
/* 満11週以内 満12〜19週 満20〜27週 満28週〜分娩まで 分娩後 不詳; NULL for a value outside the enum.
 */
const char *risk_band_label(notification_band b);
/* The band of code; BAND_UNKNOWN for an unknown code or NULL. */
notification_band risk_band_from_code(const char *code);
/* The bands with their labels (GET /api/v1/meta: "notification_bands"). */
extern const vocab notification_bands;

#endif

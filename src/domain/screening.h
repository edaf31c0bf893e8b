/* Screenings at visits and check-ups (domain.md): EPDS, 赤ちゃんへの気持ち質問票 and
 * 育児支援チェックリスト — scoring and flags. Pure: no I/O, no allocation, no state. Every string
 * returned here, and every screening_flag.code, is a static literal (borrowed, never freed). */
#ifndef TSUNAGU_DOMAIN_SCREENING_H
#define TSUNAGU_DOMAIN_SCREENING_H

#include "domain/vocab.h"

#include <stdbool.h>

enum { SCREENING_MAX_ITEMS = 10, SCREENING_MAX_FLAGS = 10 };

typedef enum screening_instrument {
    SCREEN_EPDS,
    SCREEN_BONDING,
    SCREEN_IKUJI_SUPPORT,
    SCREEN_NONE = -1
} screening_instrument;

/* "epds" "bonding" "ikuji_support" (exact match); SCREEN_NONE for anything else, NULL included. */
__attribute__((warn_unused_result)) screening_instrument screening_from_code(const char *code);
/* The code of s; NULL for SCREEN_NONE or any other value. */
const char *screening_code(screening_instrument s);
/* エジンバラ産後うつ病質問票（EPDS） / 赤ちゃんへの気持ち質問票 / 育児支援チェックリスト; NULL
 * for SCREEN_NONE or any other value. */
const char *screening_label(screening_instrument s);
/* The instruments with their labels (GET /api/v1/meta: "screening_instruments"). */
extern const vocab screening_instruments;
/* 10, 10, 9; 0 for SCREEN_NONE or any other value. */
int screening_item_count(screening_instrument s);
/* 4, 4, 2 (ikuji_support: 0 = はい, 1 = いいえ); 0 for SCREEN_NONE or any other value. */
int screening_option_count(screening_instrument s);

typedef struct screening_flag {
    const char *code; /* static literal */
    char label[160];  /* UTF-8, NUL-terminated */
} screening_flag;

typedef struct screening_result {
    int score;
    int item_scores[SCREENING_MAX_ITEMS]; /* [0..item_count) */
    int item_count;
    screening_flag flags[SCREENING_MAX_FLAGS]; /* [0..flag_count) */
    int flag_count;
} screening_result;

enum { SCREENING_BAD_COUNT = -1, SCREENING_BAD_VALUE = -2 };

/* Scores answers[0..count) (option indexes in printed order) and fills *out.
 * epds: items 1, 2, 4 score the index, the others 3 − index; flags epds_high (total >= 9), then
 * epds_self_harm (item 10 scores >= 1). bonding: items 1, 6, 8, 10 score the index, the others
 * 3 − index; flag bonding_high when bonding_threshold >= 0 and total >= bonding_threshold (any
 * negative threshold, -1 by convention, means none set). ikuji_support: はい (0) scores 1, いいえ
 * (1) scores 0; one flag ikuji_N per はい item, in item order.
 * Returns 0; SCREENING_BAD_COUNT when count is not the instrument's item count, or s is not an
 * instrument, or answers is NULL; SCREENING_BAD_VALUE with *bad_index = the first (0-based) item
 * outside 0..option_count-1. bad_index may be NULL; when it is not, it is set to -1 on every
 * other return. On an error *out is left untouched. */
__attribute__((warn_unused_result)) int screening_score(screening_instrument s, const int *answers,
                                                        int count, int bonding_threshold,
                                                        screening_result *out, int *bad_index);

/* Whether r carries the flag `code` (e.g. "epds_self_harm", which raises its own alert). */
bool screening_has_flag(const screening_result *r, const char *code);

#endif

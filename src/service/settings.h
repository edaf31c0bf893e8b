/* The director's settings: the risk table of the 妊娠届 interview and the screening thresholds.
 * Read by the health roles and by the use cases that score with them; changed by the director,
 * each change versioned (If-Match) and audited. */
#ifndef TSUNAGU_SERVICE_SETTINGS_H
#define TSUNAGU_SERVICE_SETTINGS_H

#include "domain/risk.h"
#include "service/service.h"

enum { SVC_BONDING_THRESHOLD_MIN = 1, SVC_BONDING_THRESHOLD_MAX = 30 };

/* Who saved a setting and when; version 0 (never saved: the defaults), updated_by NULL. */
typedef struct svc_setting_meta {
    int64_t version;
    int64_t updated_at;
    const char *updated_by;
} svc_setting_meta;

typedef struct svc_risk_setting {
    risk_table table;
    svc_setting_meta meta;
} svc_risk_setting;

typedef struct svc_screening_setting {
    int bonding_threshold; /* -1: none set */
    svc_setting_meta meta;
} svc_screening_setting;

/* The table in force (SVC_ERROR when the stored one cannot be read). */
svc_result svc_settings_risk_get(svc_ctx *ctx, svc_risk_setting *out);
/* Saves t over version expected (0: the first save): invalid "items" / "high_from" /
 * "medium_from" for a table risk_table_check refuses or a label with refused characters,
 * conflict on a stale version, forbidden without PERM_SETTINGS_WRITE. */
svc_result svc_settings_risk_put(svc_ctx *ctx, const risk_table *t, int64_t expected,
                                 svc_risk_setting *out);

svc_result svc_settings_screening_get(svc_ctx *ctx, svc_screening_setting *out);
/* threshold 1..30, or -1 for none; otherwise invalid "bonding_threshold". */
svc_result svc_settings_screening_put(svc_ctx *ctx, int threshold, int64_t expected,
                                      svc_screening_setting *out);

#endif

/* /api/v1/settings/risk_table and /api/v1/settings/screening: read by the health roles, changed
 * by the director; every change audited. */
#include "api/settings.h"
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "domain/validate.h"
#include "store/settings.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char RISK_KEY[] = "risk_table";
static const char SCREENING_KEY[] = "screening";

/* ---- the risk table as JSON ---- */

static json_t *risk_table_json(const risk_table *t)
{
    json_t *items = json_array();
    json_t *codes = json_array();
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        items = api_json_append(items,
                                json_pack("{s:s, s:s, s:i, s:s}", "code", risk_codes[i], "label",
                                          t->items[i].label, "weight", t->items[i].weight, "source",
                                          risk_code_is_derived(i) ? "derived" : "answer"));
        if (t->candidate_code[i])
            codes = api_json_append(codes, json_string(risk_codes[i]));
    }
    return json_pack("{s:o, s:i, s:i, s:o, s:b}", "items", items, "high_from", t->high_from,
                     "medium_from", t->medium_from, "candidate_codes", codes, "candidate_when_high",
                     t->candidate_when_high);
}

/* An item names only code, weight, label and source (source as GET answers it, so a table read
 * can be sent back; it is ignored). */
static bool item_keys_known(json_t *item)
{
    static const char *const known[] = {"code", "weight", "label", "source", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(item, key, v)
    {
        bool ok = false;
        for (int i = 0; known[i]; i++)
            ok |= strcmp(key, known[i]) == 0;
        if (!ok)
            return false;
    }
    return true;
}

/* Reads a table from JSON (stored or sent). field_error gets the offending field; -1 on error. */
static int risk_table_from_json(json_t *v, risk_table *t, const char **field_error)
{
    risk_table_default(t);
    bool seen[RISK_CODE_COUNT] = {0};
    json_t *items = json_object_get(v, "items");
    *field_error = "items";
    if (!json_is_array(items) || json_array_size(items) != RISK_CODE_COUNT)
        return -1;
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        json_t *code = json_object_get(item, "code"), *weight = json_object_get(item, "weight");
        json_t *label = json_object_get(item, "label");
        int idx = json_is_string(code) ? risk_code_index(json_string_value(code)) : -1;
        if (!json_is_object(item) || idx < 0 || seen[idx] || !item_keys_known(item))
            return -1;
        if (!json_is_integer(weight) || json_integer_value(weight) < 0 ||
            json_integer_value(weight) > 10)
            return -1;
        seen[idx] = true;
        t->items[idx].weight = (int)json_integer_value(weight);
        if (label) {
            const char *s = json_is_string(label) ? json_string_value(label) : NULL;
            long chars = s ? validate_utf8_chars(s, strlen(s)) : -1;
            if (chars < 1 || chars > RISK_LABEL_MAX)
                return -1;
            snprintf(t->items[idx].label, sizeof t->items[idx].label, "%s", s);
        }
    }
    json_t *high = json_object_get(v, "high_from"), *medium = json_object_get(v, "medium_from");
    *field_error = "high_from";
    if (!json_is_integer(high))
        return -1;
    *field_error = "medium_from";
    if (!json_is_integer(medium))
        return -1;
    t->high_from = (int)json_integer_value(high);
    t->medium_from = (int)json_integer_value(medium);
    json_t *codes = json_object_get(v, "candidate_codes");
    *field_error = "candidate_codes";
    if (!json_is_array(codes))
        return -1;
    memset(t->candidate_code, 0, sizeof t->candidate_code);
    json_t *code;
    json_array_foreach(codes, i, code)
    {
        int idx = json_is_string(code) ? risk_code_index(json_string_value(code)) : -1;
        if (idx < 0)
            return -1;
        t->candidate_code[idx] = true;
    }
    json_t *when_high = json_object_get(v, "candidate_when_high");
    *field_error = "candidate_when_high";
    if (!json_is_boolean(when_high))
        return -1;
    t->candidate_when_high = json_is_true(when_high);
    int check = risk_table_check(t);
    *field_error = "items";
    if (check == RISK_BAD_THRESHOLDS) {
        /* high_from is at fault when the table fails even with the smallest medium_from */
        risk_table probe = *t;
        probe.medium_from = 1;
        *field_error = risk_table_check(&probe) == 0 ? "medium_from" : "high_from";
    }
    return check == 0 ? 0 : -1;
}

int api_risk_table_current(http_req *req, risk_table *t, int64_t *version)
{
    store_setting s;
    int rc = store_setting_get(req->db, req->pool, RISK_KEY, &s);
    risk_table_default(t);
    *version = 0;
    if (rc == STORE_NOT_FOUND)
        return 0;
    json_t *v = rc == STORE_OK ? json_loads(s.value, 0, NULL) : NULL;
    const char *field;
    if (!v || risk_table_from_json(v, t, &field) != 0) {
        json_decref(v);
        log_error("settings: stored risk table unreadable");
        http_reply_internal(req);
        return -1;
    }
    json_decref(v);
    *version = s.version;
    return 0;
}

int api_bonding_threshold(http_req *req, int *threshold)
{
    store_setting s;
    *threshold = -1;
    int rc = store_setting_get(req->db, req->pool, SCREENING_KEY, &s);
    if (rc == STORE_NOT_FOUND)
        return 0;
    json_t *v = rc == STORE_OK ? json_loads(s.value, 0, NULL) : NULL;
    if (!v) {
        http_reply_internal(req);
        return -1;
    }
    json_t *t = json_object_get(v, "bonding_threshold");
    if (json_is_integer(t))
        *threshold = (int)json_integer_value(t);
    json_decref(v);
    return 0;
}

/* ---- handlers ---- */

static void add_meta(http_req *req, json_t *out, const char *key, int64_t version)
{
    store_setting s;
    json_object_set_new(out, "version", json_integer(version));
    if (version > 0 && store_setting_get(req->db, req->pool, key, &s) == STORE_OK) {
        json_object_set_new(out, "updated_at", api_json_instant(s.updated_at));
        json_object_set_new(out, "updated_by", api_json_string_or_null(s.updated_by));
    } else {
        json_object_set_new(out, "updated_at", json_null());
        json_object_set_new(out, "updated_by", json_null());
    }
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)version));
}

void api_settings_risk_get(http_req *req)
{
    risk_table t;
    int64_t version;
    if (api_risk_table_current(req, &t, &version) != 0)
        return;
    json_t *out = risk_table_json(&t);
    add_meta(req, out, RISK_KEY, version);
    http_reply_json(req, 200, out);
}

/* Saves value under key after an If-Match check, audited; answers with the new version. */
static int save_setting(http_req *req, const char *key, json_t *value, int64_t expected)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        util_oom();
    pool_adopt(req->pool, text);
    if (api_begin(req) != 0)
        return -1;
    int rc = store_setting_put(req->db, key, text, expected, req->now, req->user->id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "update", "settings", key, NULL);
    if (rc == STORE_CONFLICT) {
        store_rollback(req->db);
        api_version_conflict(req);
        return -1;
    }
    if (rc != STORE_OK) {
        api_fail(req);
        return -1;
    }
    return api_commit(req);
}

void api_settings_risk_put(http_req *req)
{
    static const char *const allowed[] = {"items",           "high_from",           "medium_from",
                                          "candidate_codes", "candidate_when_high", NULL};
    json_t *body;
    int64_t expected;
    if (api_if_match_or_zero(req, &expected) != 0 || api_body(req, allowed, &body) != 0)
        return;
    risk_table t;
    const char *field;
    if (risk_table_from_json(body, &t, &field) != 0) {
        api_invalid(req, field,
                    "リスク表の内容が正しくありません（12項目すべて、重み0〜10、"
                    "高リスクの下限1〜100、中リスクの下限は高リスク以下）。");
        return;
    }
    /* New labels only: a table stored before this rule is still read (risk_table_from_json). */
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (validate_text_refused_at(t.items[i].label, strlen(t.items[i].label), false) >= 0) {
            api_invalid(req, "items",
                        "項目の名前に使用できない文字（制御文字、見えない文字、"
                        "文字の向きを変える文字など）が含まれています。");
            return;
        }
    }
    json_t *stored = risk_table_json(&t);
    if (!stored) {
        http_reply_internal(req);
        return;
    }
    api_adopt_json(req, stored);
    if (save_setting(req, RISK_KEY, stored, expected) != 0)
        return;
    json_t *out = risk_table_json(&t);
    add_meta(req, out, RISK_KEY, expected + 1);
    http_reply_json(req, 200, out);
}

void api_settings_screening_get(http_req *req)
{
    int threshold;
    store_setting s;
    if (api_bonding_threshold(req, &threshold) != 0)
        return;
    int64_t version =
        store_setting_get(req->db, req->pool, SCREENING_KEY, &s) == STORE_OK ? s.version : 0;
    json_t *out = json_pack("{s:o}", "bonding_threshold",
                            threshold >= 0 ? json_integer(threshold) : json_null());
    add_meta(req, out, SCREENING_KEY, version);
    http_reply_json(req, 200, out);
}

void api_settings_screening_put(http_req *req)
{
    static const char *const allowed[] = {"bonding_threshold", NULL};
    json_t *body;
    int64_t expected;
    if (api_if_match_or_zero(req, &expected) != 0 || api_body(req, allowed, &body) != 0)
        return;
    json_t *t = json_object_get(body, "bonding_threshold");
    if (!t)
        return (void)api_missing(req, "bonding_threshold");
    if (!json_is_null(t) &&
        (!json_is_integer(t) || json_integer_value(t) < 1 || json_integer_value(t) > 30)) {
        api_invalid(req, "bonding_threshold",
                    "1〜30の整数、または null（設定なし）で指定してください。");
        return;
    }
    json_t *stored = api_adopt_json(req, json_pack("{s:O}", "bonding_threshold", t));
    if (save_setting(req, SCREENING_KEY, stored, expected) != 0)
        return;
    json_t *out = json_pack("{s:O}", "bonding_threshold", t);
    add_meta(req, out, SCREENING_KEY, expected + 1);
    http_reply_json(req, 200, out);
}

#include "domain/risk_json.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

/* Appends item (handed over) to array; NULL, releasing the array, when either is missing. */
static json_t *append(json_t *array, json_t *item)
{
    if (json_array_append_new(array, item) == 0)
        return array;
    json_decref(array);
    return NULL;
}

json_t *risk_table_to_json(const risk_table *t)
{
    json_t *items = json_array();
    json_t *codes = json_array();
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        items = append(items, json_pack("{s:s, s:s, s:i, s:s}", "code", risk_codes[i], "label",
                                        t->items[i].label, "weight", t->items[i].weight, "source",
                                        risk_code_is_derived(i) ? "derived" : "answer"));
        if (t->candidate_code[i])
            codes = append(codes, json_string(risk_codes[i]));
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

int risk_table_from_json(json_t *v, risk_table *t, const char **field_error)
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

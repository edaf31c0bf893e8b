#include "api/input.h"
#include "domain/date.h"
#include "domain/validate.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Set while reading a nested object, so errors name "members[2].relation". */
static _Thread_local const char *field_prefix;

void api_field_prefix(const char *prefix)
{
    field_prefix = prefix;
}

static const char *full_field(http_req *req, const char *field)
{
    if (!field_prefix || !field)
        return field;
    return pool_printf(req->pool, "%s.%s", field_prefix, field);
}

int api_missing(http_req *req, const char *field)
{
    http_reply_error(req, 400, "missing_field", "必須項目が入力されていません。",
                     full_field(req, field));
    return -1;
}

int api_invalid(http_req *req, const char *field, const char *message)
{
    http_reply_error(req, 400, "invalid_field", message, full_field(req, field));
    return -1;
}

void api_not_found(http_req *req)
{
    http_reply_error(req, 404, "not_found", "指定されたものは見つかりません。", NULL);
}

void api_version_conflict(http_req *req)
{
    http_reply_error(req, 409, "version_conflict",
                     "他の職員が先に更新しました。最新の内容を読み込み直してください。", NULL);
}

static void decref(void *v)
{
    json_decref(v);
}

static bool key_allowed(const char *key, const char *const allowed[])
{
    for (int i = 0; allowed[i]; i++)
        if (strcmp(key, allowed[i]) == 0)
            return true;
    return false;
}

/* application/json only: a cross-site form can send text/plain that happens to be JSON. */
static bool is_json_type(const char *type)
{
    static const char json[] = "application/json";
    return type && strncasecmp(type, json, sizeof json - 1) == 0 &&
           (type[sizeof json - 1] == '\0' || type[sizeof json - 1] == ';' ||
            type[sizeof json - 1] == ' ');
}

int api_body(http_req *req, const char *const allowed[], json_t **out)
{
    if (!is_json_type(http_header(req, "Content-Type"))) {
        http_reply_error(req, 415, "unsupported_media_type",
                         "Content-Type: application/json で送信してください。", NULL);
        return -1;
    }
    json_error_t err;
    json_t *v = NULL;
    if (req->body_len > 0)
        v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!v || !json_is_object(v)) {
        json_decref(v);
        http_reply_error(req, 400, "invalid_json", "JSON の形式が正しくありません。", NULL);
        return -1;
    }
    pool_on_destroy(req->pool, decref, v);
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        if (!key_allowed(key, allowed))
            return api_invalid(req, pool_strdup(req->pool, key), "この項目は受け付けられません。");
    }
    *out = v;
    return 0;
}

bool api_has(json_t *obj, const char *name)
{
    return json_object_get(obj, name) != NULL;
}

static int read_string(http_req *req, json_t *obj, const char *name, size_t max_chars,
                       bool required, bool multiline, const char **out)
{
    json_t *v = json_object_get(obj, name);
    *out = NULL;
    if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
        return required ? api_missing(req, name) : 0;
    if (!json_is_string(v))
        return api_invalid(req, name, "文字列で指定してください。");
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    long chars = validate_utf8_chars(s, len);
    if (chars < 0)
        return api_invalid(req, name, "使用できない文字（制御文字など）が含まれています。");
    long bad = validate_text_refused_at(s, len, multiline);
    if (bad >= 0)
        return api_invalid(req, name,
                           pool_printf(req->pool,
                                       "%ld文字目に使用できない文字（制御文字、見えない文字、"
                                       "文字の向きを変える文字など）が含まれています。",
                                       bad + 1));
    if ((size_t)chars > max_chars)
        return api_invalid(req, name,
                           pool_printf(req->pool, "%zu文字以内で入力してください。", max_chars));
    *out = s;
    return 0;
}

int api_string(http_req *req, json_t *obj, const char *name, size_t max_chars, bool required,
               const char **out)
{
    return read_string(req, obj, name, max_chars, required, false, out);
}

int api_text(http_req *req, json_t *obj, const char *name, size_t max_chars, bool required,
             const char **out)
{
    return read_string(req, obj, name, max_chars, required, true, out);
}

int api_date(http_req *req, json_t *obj, const char *name, bool required, const char **out)
{
    if (api_string(req, obj, name, 10, required, out) != 0)
        return -1;
    date_ymd d;
    if (*out && !date_parse(*out, strlen(*out), &d))
        return api_invalid(req, name,
                           "日付は YYYY-MM-DD の形式で、実在する日付を入力してください。");
    return 0;
}

int api_enum(http_req *req, json_t *obj, const char *name, const char *const values[],
             bool required, const char **out)
{
    if (api_string(req, obj, name, 64, required, out) != 0)
        return -1;
    if (!*out)
        return 0;
    for (int i = 0; values[i]; i++)
        if (strcmp(*out, values[i]) == 0)
            return 0;
    return api_invalid(req, name, "選択肢にない値です。");
}

int api_vocab(http_req *req, json_t *obj, const char *name, const vocab *v, bool required,
              const char **out)
{
    if (api_string(req, obj, name, 64, required, out) != 0)
        return -1;
    if (*out && !vocab_has(v, *out))
        return api_invalid(req, name, "選択肢にない値です。");
    return 0;
}

int api_bool(http_req *req, json_t *obj, const char *name, bool *out, bool *present)
{
    json_t *v = json_object_get(obj, name);
    *present = v && !json_is_null(v);
    if (!*present)
        return 0;
    if (!json_is_boolean(v))
        return api_invalid(req, name, "true または false で指定してください。");
    *out = json_is_true(v);
    return 0;
}

static int parse_if_match(http_req *req, int64_t *version, int64_t min);

int api_if_match(http_req *req, int64_t *version)
{
    return parse_if_match(req, version, 1);
}

int api_if_match_or_zero(http_req *req, int64_t *version)
{
    return parse_if_match(req, version, 0);
}

static int parse_if_match(http_req *req, int64_t *version, int64_t min)
{
    const char *h = http_header(req, "If-Match");
    if (!h)
        return api_missing(req, "If-Match");
    if (*h == 'W' && h[1] == '/')
        h += 2;
    char buf[24];
    size_t n = strlen(h);
    if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
        h++;
        n -= 2;
    }
    if (n == 0 || n >= sizeof buf)
        return api_invalid(req, "If-Match", "If-Match にはバージョン番号を指定してください。");
    memcpy(buf, h, n);
    buf[n] = '\0';
    char *end;
    long long v = strtoll(buf, &end, 10);
    if (*end || v < min)
        return api_invalid(req, "If-Match", "If-Match にはバージョン番号を指定してください。");
    *version = v;
    return 0;
}

int api_limit(http_req *req, int *limit)
{
    const char *s = http_query(req, "limit");
    *limit = API_LIMIT_DEFAULT;
    if (!s)
        return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 1 || v > API_LIMIT_MAX)
        return api_invalid(req, "limit", "limit は 1〜500 の整数で指定してください。");
    *limit = (int)v;
    return 0;
}

int api_instant(http_req *req, json_t *body, const char *name, bool *given, int64_t *out)
{
    const char *s;
    *given = false;
    if (api_string(req, body, name, 40, false, &s) != 0)
        return -1;
    if (!s)
        return 0;
    if (!date_parse_instant(s, strlen(s), out))
        return api_invalid(
            req, name, "日時は 2026-11-20T17:00:00+09:00 の形式（時差つき）で入力してください。");
    *given = true;
    return 0;
}

int api_order(http_req *req, bool default_ascending, bool *ascending)
{
    const char *order = http_query(req, "order");
    *ascending = default_ascending;
    if (!order)
        return 0;
    if (strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
        return api_invalid(req, "order", "asc または desc で指定してください。");
    *ascending = strcmp(order, "asc") == 0;
    return 0;
}

int api_query_date(http_req *req, const char *name, const char **out)
{
    const char *s = http_query(req, name);
    date_ymd d;
    *out = NULL;
    if (s && !date_parse(s, strlen(s), &d))
        return api_invalid(req, name, "日付は 2026-04-01 の形式で指定してください。");
    *out = s;
    return 0;
}

char *api_cursor_encode(pool *p, const char *const parts[], int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += strlen(parts[i]) + 1;
    char *raw = pool_alloc(p, len + 1);
    char *w = raw;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(parts[i]);
        memcpy(w, parts[i], l);
        w += l;
        if (i + 1 < n)
            *w++ = '\t';
    }
    *w = '\0';
    size_t cap = sodium_base64_ENCODED_LEN(strlen(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = pool_alloc(p, cap);
    sodium_bin2base64(out, cap, (const unsigned char *)raw, strlen(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

int api_cursor_decode(pool *p, const char *cursor, char *parts[], int n)
{
    size_t clen = strlen(cursor);
    if (clen == 0 || clen > 2048)
        return -1;
    unsigned char *raw = pool_alloc(p, clen + 1);
    size_t len;
    if (sodium_base642bin(raw, clen, cursor, clen, NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return -1;
    raw[len] = '\0';
    if (memchr(raw, '\0', len))
        return -1;
    int count = 0;
    char *s = (char *)raw;
    while (count < n) {
        parts[count++] = s;
        char *tab = strchr(s, '\t');
        if (!tab)
            break;
        *tab = '\0';
        s = tab + 1;
    }
    return count;
}

long long api_plain_number(const char *s, long long max)
{
    if (s[0] < '1' || s[0] > '9')
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return *end || errno == ERANGE || v > max ? -1 : v;
}

int api_offset_cursor(http_req *req, int *offset)
{
    const char *cursor = http_query(req, "cursor");
    *offset = 0;
    if (!cursor)
        return 0;
    char *parts[2]; /* a second part: not an offset's cursor */
    long long v = api_cursor_decode(req->pool, cursor, parts, 2) == 1
                      ? api_plain_number(parts[0], INT_MAX)
                      : -1;
    if (v < 0)
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    *offset = (int)v;
    return 0;
}

char *api_offset_cursor_encode(pool *p, int offset)
{
    char number[16];
    snprintf(number, sizeof number, "%d", offset);
    const char *parts[] = {number};
    return api_cursor_encode(p, parts, 1);
}

int api_query_format(http_req *req, bool *csv)
{
    const char *format = http_query(req, "format");
    *csv = format && strcmp(format, "csv") == 0;
    if (format && !*csv && strcmp(format, "json") != 0)
        return api_invalid(req, "format", "format は csv または json で指定してください。");
    const char *encoding = http_query(req, "encoding");
    if (encoding && strcmp(encoding, "utf-8") != 0 && strcmp(encoding, "cp932") != 0)
        return api_invalid(req, "encoding", "encoding は utf-8 または cp932 で指定してください。");
    return 0;
}

int api_query_bool(http_req *req, const char *name)
{
    const char *v = http_query(req, name);
    if (!v)
        return -1;
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return strcmp(v, "true") == 0;
    api_invalid(req, name, "true または false で指定してください。");
    return -2;
}

#include "service/persons.h"
#include "service/import.h"
#include "service/person_merges.h"

#include "domain/kana.h"
#include "domain/person_codes.h"
#include "domain/person_keys.h"
#include "domain/validate.h"
#include "store/events.h"
#include "store/households.h"
#include "store/person_merges.h"
#include "util/random.h"

#include <stdlib.h>
#include <string.h>

/* A kana field, stored as katakana (NFKC may expand: ㌀ → アパート, so the limit is checked on
 * what is stored). */
static svc_result take_kana(svc_ctx *ctx, const char *field, const char *raw, bool required,
                            char **out)
{
    *out = NULL;
    if (!raw || !*raw)
        return required ? svc_missing(field) : svc_ok();
    char *norm = pool_adopt(ctx->pool, kana_normalize(raw, strlen(raw)));
    if (!norm || !*norm || !kana_is_katakana(norm))
        return svc_invalid(field, "フリガナはカタカナまたはひらがなで入力してください。");
    *out = norm;
    return svc_check_length(ctx, field, norm, SVC_PERSON_NAME_MAX);
}

static svc_result take_name(svc_ctx *ctx, const char *field, const char *s, bool required,
                            char **out)
{
    *out = s && *s ? (char *)s : NULL;
    if (!*out)
        return required ? svc_missing(field) : svc_ok();
    return svc_check_length(ctx, field, s, SVC_PERSON_NAME_MAX);
}

static svc_result take_birth_date(svc_ctx *ctx, const char *s, char **out)
{
    *out = s && *s ? (char *)s : NULL;
    if (!*out)
        return svc_ok();
    date_ymd d;
    if (!date_parse(s, strlen(s), &d))
        return svc_invalid("birth_date",
                           "日付は YYYY-MM-DD の形式で、実在する日付を入力してください。");
    if (date_compare(d, ctx->today) > 0)
        return svc_invalid("birth_date", "生年月日に未来の日付は入力できません。");
    return svc_ok();
}

static svc_result take_sex(const char *s, char **out)
{
    person_sex sex = SEX_UNKNOWN;
    if (s && *s && !person_sex_from_code(s, &sex))
        return svc_invalid("sex", "選択肢にない値です。");
    *out = (char *)person_sex_code(sex);
    return svc_ok();
}

static svc_result take_phone(svc_ctx *ctx, const char *s, char **out)
{
    *out = s && *s ? (char *)s : NULL;
    if (!*out)
        return svc_ok();
    svc_result r = svc_check_length(ctx, "phone", s, SVC_PERSON_CODE_MAX);
    if (r.status == SVC_OK && !validate_phone(s))
        return svc_invalid("phone", "電話番号は数字とハイフンで入力してください。");
    return r;
}

static svc_result take_resident_id(svc_ctx *ctx, const char *s, char **out)
{
    *out = s && *s ? (char *)s : NULL;
    svc_result r = svc_check_length(ctx, "resident_id", *out, SVC_PERSON_CODE_MAX);
    for (const char *c = *out; r.status == SVC_OK && c && *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
              *c == '-'))
            return svc_invalid("resident_id", "住民番号は半角英数字で入力してください。");
    return r;
}

/* Applies the fields of `in` that `present` names onto p, checking each in the API's field
 * order, so the first field at fault is the one named. */
static svc_result apply_input(svc_ctx *ctx, const svc_person_input *in, unsigned present,
                              store_person *p)
{
    svc_result r = svc_ok();
#define TAKE(flag, call)                                                                           \
    if (r.status == SVC_OK && (present & (flag)))                                                  \
    r = call
    TAKE(SVC_PERSON_FAMILY_NAME,
         take_name(ctx, "family_name", in->family_name, true, &p->family_name));
    TAKE(SVC_PERSON_GIVEN_NAME,
         take_name(ctx, "given_name", in->given_name, false, &p->given_name));
    TAKE(SVC_PERSON_FAMILY_NAME_KANA,
         take_kana(ctx, "family_name_kana", in->family_name_kana, true, &p->family_name_kana));
    TAKE(SVC_PERSON_GIVEN_NAME_KANA,
         take_kana(ctx, "given_name_kana", in->given_name_kana, false, &p->given_name_kana));
    TAKE(SVC_PERSON_BIRTH_DATE, take_birth_date(ctx, in->birth_date, &p->birth_date));
    TAKE(SVC_PERSON_SEX, take_sex(in->sex, &p->sex));
    if (r.status == SVC_OK && (present & SVC_PERSON_ADDRESS)) {
        p->address = in->address && *in->address ? (char *)in->address : NULL;
        r = svc_check_length(ctx, "address", p->address, SVC_PERSON_ADDRESS_MAX);
    }
    TAKE(SVC_PERSON_PHONE, take_phone(ctx, in->phone, &p->phone));
    TAKE(SVC_PERSON_RESIDENT_ID, take_resident_id(ctx, in->resident_id, &p->resident_id));
    if (r.status == SVC_OK && (present & SVC_PERSON_AFFILIATION)) {
        p->affiliation = in->affiliation && *in->affiliation ? (char *)in->affiliation : NULL;
        r = svc_check_length(ctx, "affiliation", p->affiliation, SVC_PERSON_NAME_MAX);
    }
#undef TAKE
    return r;
}

static int add_person_event(svc_ctx *ctx, event_kind kind, const char *summary, const char *id);

bool svc_person_address_shown(svc_ctx *ctx, store_person *p, address_view view)
{
    bool may_read = svc_may(ctx, PERM_ADDRESS_PROTECT);
    if (!address_visible(p->address_protected, view, may_read)) {
        p->address = NULL;
        p->phone = NULL;
        p->address_withheld = true;
        return true;
    }
    p->address_withheld = false;
    if (!p->address_protected)
        return true;
    return svc_audit_read(ctx, "person_address", p->id, p->id);
}

/* The mark's own write: the event on the person's timeline and the audited change. */
static int record_protection(svc_ctx *ctx, const store_person *p)
{
    int rc = add_person_event(
        ctx, EVENT_ADDRESS_PROTECTION,
        p->address_protected ? "住所秘匿を設定しました" : "住所秘匿を解除しました", p->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "person_address", p->id, p->id);
    return rc;
}

static void free_keys(void *k)
{
    person_keys_free(k);
}

svc_result svc_person_keys(svc_ctx *ctx, const store_person *p, store_person_keys *out)
{
    person_names names = {.family_name = p->family_name,
                          .given_name = p->given_name,
                          .family_name_kana = p->family_name_kana,
                          .given_name_kana = p->given_name_kana,
                          .birth_date = p->birth_date};
    person_keys *k = pool_alloc(ctx->pool, sizeof *k);
    if (person_keys_make(&names, k) != 0)
        return svc_error();
    pool_on_destroy(ctx->pool, free_keys, k);
    out->count = PERSON_KEY_COUNT;
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        out->keys[i] = k->keys[i];
    out->duplicate_key = k->duplicate_key;
    return svc_ok();
}

/* A store status of a person write: a taken resident_id is the user's to fix. */
static svc_result from_write(int rc)
{
    if (rc == STORE_CONSTRAINT)
        return svc_invalid("resident_id", "この住民番号は既に登録されています。");
    return svc_from_store(rc);
}

static int add_person_event(svc_ctx *ctx, event_kind kind, const char *summary, const char *id)
{
    return svc_add_event(ctx, ctx->now, kind, summary, "person", id, id);
}

enum { DUPLICATES_MAX = 20 }; /* store_person_duplicates lists at most this many */

typedef struct duplicates {
    svc_ctx *ctx;
    svc_person_created *out;
    bool failed;
} duplicates;

/* A possible duplicate is shown to the user: audited like a search hit. */
static int add_duplicate(void *arg, const store_person *p, const char *key)
{
    (void)key;
    duplicates *d = arg;
    if (d->out->duplicate_count == DUPLICATES_MAX)
        return 1;
    store_person *slot = &d->out->duplicates[d->out->duplicate_count++];
    *slot = *p; /* its strings are the pool's (store_person_duplicates was given it) */
    d->failed = !svc_audit_read_action(d->ctx, "search", "person", slot->id, slot->id);
    return d->failed;
}

static svc_result insert_person(svc_ctx *ctx, store_person *p, svc_person_created *out)
{
    store_person_keys keys;
    svc_result r = svc_person_keys(ctx, p, &keys);
    if (r.status != SVC_OK)
        return r;
    int rc = store_person_insert(ctx->db, p, &keys);
    if (rc == STORE_OK)
        rc = add_person_event(ctx, EVENT_PERSON_CREATED, "利用者情報を登録しました", p->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "create", "person", p->id, p->id);
    if (rc == STORE_OK && p->address_protected)
        rc = record_protection(ctx, p);
    duplicates d = {.ctx = ctx, .out = out};
    out->duplicates = pool_zalloc(ctx->pool, sizeof *out->duplicates * DUPLICATES_MAX);
    if (rc == STORE_OK && keys.duplicate_key)
        rc = store_person_duplicates(ctx->db, ctx->pool, keys.duplicate_key, p->id, add_duplicate,
                                     &d);
    if (rc == STORE_OK && d.failed)
        rc = STORE_ERROR;
    /* the mark, kept on both records until someone decides (store/person_merges.c) */
    for (int i = 0; rc == STORE_OK && i < out->duplicate_count; i++)
        rc = store_duplicate_add(ctx->db, p->id, out->duplicates[i].id, ctx->now);
    return from_write(rc);
}

svc_result svc_persons_create(svc_ctx *ctx, const svc_person_input *in, svc_person_created *out)
{
    *out = (svc_person_created){0};
    if (!svc_may(ctx, PERM_PERSON_WRITE))
        return svc_forbidden(NULL);
    if ((in->present & SVC_PERSON_ADDRESS_PROTECTED) && !svc_may(ctx, PERM_ADDRESS_PROTECT))
        return svc_forbidden("住所秘匿を設定する権限がありません。");
    store_person *p = &out->person;
    svc_result r = apply_input(ctx, in, SVC_PERSON_ALL, p);
    if (r.status != SVC_OK)
        return r;
    p->address_protected = (in->present & SVC_PERSON_ADDRESS_PROTECTED) && in->address_protected;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    p->id = id;
    p->version = 1;
    p->created_at = p->updated_at = ctx->now;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = insert_person(ctx, p, out);
    if (r.status == SVC_OK && !svc_person_address_shown(ctx, p, ADDRESS_VIEW_RECORD))
        r = svc_error();
    return svc_end(ctx, r);
}

typedef struct households {
    pool *pool;
    svc_person_household *items;
    int count, cap;
} households;

static int add_household(void *arg, const store_membership *m)
{
    households *h = arg;
    if (h->count == h->cap) {
        int cap = h->cap ? h->cap * 2 : 4;
        svc_person_household *grown = pool_alloc(h->pool, sizeof *grown * (size_t)cap);
        if (h->count)
            memcpy(grown, h->items, sizeof *grown * (size_t)h->count);
        h->items = grown;
        h->cap = cap;
    }
    h->items[h->count++] = (svc_person_household){
        .household_id = pool_strdup(h->pool, m->household_id),
        .name = m->household_name ? pool_strdup(h->pool, m->household_name) : NULL,
        .relation = pool_strdup(h->pool, m->relation),
        .from_date = m->from_date ? pool_strdup(h->pool, m->from_date) : NULL,
        .to_date = m->to_date ? pool_strdup(h->pool, m->to_date) : NULL};
    return 0;
}

/* An open possible duplicate shown on the person's page: audited against that person. */
static int add_open_duplicate(void *arg, const store_person *p, const char *key)
{
    (void)key;
    duplicates *d = arg;
    if (d->out->duplicate_count == DUPLICATES_MAX)
        return 1;
    d->out->duplicates[d->out->duplicate_count++] = *p;
    d->failed = !svc_audit_read(d->ctx, "person_duplicate", p->id, p->id);
    return d->failed;
}

/* The persons still marked as possible duplicates of id (until someone decides). */
static int open_duplicates(svc_ctx *ctx, const char *id, svc_person_record *out)
{
    svc_person_created shown = {
        .duplicates = pool_zalloc(ctx->pool, sizeof *shown.duplicates * DUPLICATES_MAX)};
    duplicates d = {.ctx = ctx, .out = &shown};
    int rc = store_duplicates_of(ctx->db, ctx->pool, id, add_open_duplicate, &d);
    out->duplicates = shown.duplicates;
    out->duplicate_count = shown.duplicate_count;
    return rc == STORE_OK && d.failed ? STORE_ERROR : rc;
}

svc_result svc_persons_get(svc_ctx *ctx, const char *id, svc_person_record *out)
{
    *out = (svc_person_record){0};
    if (!svc_may(ctx, PERM_PERSON_READ))
        return svc_forbidden(NULL);
    int rc = store_person_get(ctx->db, ctx->pool, id, &out->person);
    households h = {.pool = ctx->pool};
    if (rc == STORE_OK)
        rc = store_person_memberships(ctx->db, id, add_household, &h);
    if (rc == STORE_OK)
        rc = open_duplicates(ctx, id, out);
    if (rc == STORE_OK)
        rc = svc_import_origin(ctx, "persons", id, &out->imported);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    out->households = h.items;
    out->household_count = h.count;
    if (!svc_audit_read(ctx, "person", out->person.id, out->person.id) ||
        !svc_person_address_shown(ctx, &out->person, ADDRESS_VIEW_RECORD))
        return svc_error();
    return svc_ok();
}

static bool same_person_fields(const store_person *a, const store_person *b)
{
    return svc_same_text(a->family_name, b->family_name) &&
           svc_same_text(a->given_name, b->given_name) &&
           svc_same_text(a->family_name_kana, b->family_name_kana) &&
           svc_same_text(a->given_name_kana, b->given_name_kana) &&
           svc_same_text(a->birth_date, b->birth_date) && svc_same_text(a->sex, b->sex) &&
           svc_same_text(a->address, b->address) && svc_same_text(a->phone, b->phone) &&
           svc_same_text(a->resident_id, b->resident_id) &&
           svc_same_text(a->affiliation, b->affiliation);
}

/* Who may change what of a protected person: the mark needs PERM_ADDRESS_PROTECT, and so does a
 * protected address or phone (one who cannot read them must not overwrite them). */
static svc_result check_protection_rights(svc_ctx *ctx, const store_person *p, unsigned present)
{
    if (svc_may(ctx, PERM_ADDRESS_PROTECT))
        return svc_ok();
    if (present & SVC_PERSON_ADDRESS_PROTECTED)
        return svc_forbidden("住所秘匿を設定する権限がありません。");
    if (p->address_protected && (present & (SVC_PERSON_ADDRESS | SVC_PERSON_PHONE)))
        return svc_forbidden("住所秘匿の方の住所・電話番号は変更できません。");
    return svc_ok();
}

static svc_result update_person(svc_ctx *ctx, const char *id, int64_t version,
                                const svc_person_input *in, store_person *p)
{
    int rc = store_person_get(ctx->db, ctx->pool, id, p);
    if (rc == STORE_OK && p->merged_into)
        return svc_person_refuse_merged(p, "id");
    if (rc == STORE_OK && p->version != version)
        rc = STORE_CONFLICT;
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = check_protection_rights(ctx, p, in->present);
    if (r.status != SVC_OK)
        return r;
    store_person before = *p;
    r = apply_input(ctx, in, in->present, p);
    if (r.status != SVC_OK)
        return r;
    if (in->present & SVC_PERSON_ADDRESS_PROTECTED)
        p->address_protected = in->address_protected;
    bool fields_changed = !same_person_fields(&before, p);
    bool mark_changed = before.address_protected != p->address_protected;
    if (!fields_changed && !mark_changed) /* no new version, no event: the answer is a read */
        return svc_audit_read(ctx, "person", p->id, p->id) ? svc_ok() : svc_error();
    p->updated_at = ctx->now;
    store_person_keys keys;
    r = svc_person_keys(ctx, p, &keys);
    if (r.status != SVC_OK)
        return r;
    rc = store_person_update(ctx->db, p, version, &keys);
    if (rc == STORE_OK && fields_changed)
        rc = add_person_event(ctx, EVENT_PERSON_UPDATED, "利用者情報を更新しました", id);
    if (rc == STORE_OK && fields_changed)
        rc = svc_audit_change(ctx, "update", "person", id, id);
    if (rc == STORE_OK && mark_changed)
        rc = record_protection(ctx, p);
    if (rc == STORE_OK)
        p->version = version + 1;
    return from_write(rc);
}

svc_result svc_persons_update(svc_ctx *ctx, const char *id, int64_t version,
                              const svc_person_input *in, store_person *out)
{
    *out = (store_person){0};
    if (!svc_may(ctx, PERM_PERSON_WRITE))
        return svc_forbidden(NULL);
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = update_person(ctx, id, version, in, out);
    if (r.status == SVC_OK && !svc_person_address_shown(ctx, out, ADDRESS_VIEW_RECORD))
        r = svc_error();
    return svc_end(ctx, r);
}

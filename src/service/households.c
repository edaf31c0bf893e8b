#include "service/households.h"

#include "domain/address_protection.h"
#include "domain/person_codes.h"
#include "domain/validate.h"
#include "service/person_merges.h"
#include "store/events.h"
#include "util/random.h"

#include <string.h>

static const char *member_field(svc_ctx *ctx, int i, const char *name)
{
    return pool_printf(ctx->pool, "members[%d].%s", i, name);
}

static svc_result check_date(svc_ctx *ctx, int i, const char *name, const char *s)
{
    date_ymd d;
    if (s && !date_parse(s, strlen(s), &d))
        return svc_invalid(member_field(ctx, i, name),
                           "日付は YYYY-MM-DD の形式で、実在する日付を入力してください。");
    return svc_ok();
}

static svc_result check_member(svc_ctx *ctx, int i, const store_member *m)
{
    household_relation rel;
    if (!m->person_id || !*m->person_id)
        return svc_missing(member_field(ctx, i, "person_id"));
    if (!m->relation || !*m->relation)
        return svc_missing(member_field(ctx, i, "relation"));
    if (!household_relation_from_code(m->relation, &rel))
        return svc_invalid(member_field(ctx, i, "relation"), "選択肢にない値です。");
    svc_result r = check_date(ctx, i, "from", m->from_date);
    if (r.status == SVC_OK)
        r = check_date(ctx, i, "to", m->to_date);
    if (r.status == SVC_OK && m->from_date && m->to_date && strcmp(m->from_date, m->to_date) > 0)
        return svc_invalid(member_field(ctx, i, "to"), "終了日は開始日以降の日付にしてください。");
    return r;
}

/* The same person twice in one household is allowed only for periods apart (left, came back).
 * Dates compare as text (YYYY-MM-DD); a missing from or to is open-ended. */
static bool periods_overlap(const store_member *a, const store_member *b)
{
    if (strcmp(a->person_id, b->person_id) != 0)
        return false;
    bool a_before_b = a->to_date && b->from_date && strcmp(a->to_date, b->from_date) < 0;
    bool b_before_a = b->to_date && a->from_date && strcmp(b->to_date, a->from_date) < 0;
    return !a_before_b && !b_before_a;
}

static svc_result check_members(svc_ctx *ctx, const store_member *members, int n)
{
    if (n > SVC_HOUSEHOLD_MEMBERS_MAX)
        return svc_invalid("members", "世帯員は30人までです。");
    for (int i = 0; i < n; i++) {
        svc_result r = check_member(ctx, i, &members[i]);
        if (r.status != SVC_OK)
            return r;
    }
    for (int i = 1; i < n; i++)
        for (int j = 0; j < i; j++)
            if (periods_overlap(&members[i], &members[j]))
                return svc_invalid(member_field(ctx, i, "person_id"),
                                   "同じ人が同じ期間に二度含まれています。");
    return svc_ok();
}

/* Applies the fields of `in` that `present` names onto h (the members are copied). */
static svc_result apply_input(svc_ctx *ctx, const svc_household_input *in, unsigned present,
                              store_household *h)
{
    svc_result r = svc_ok();
    if (present & SVC_HOUSEHOLD_NAME) {
        h->name = in->name && *in->name ? (char *)in->name : NULL;
        r = svc_check_length(ctx, "name", h->name, SVC_HOUSEHOLD_NAME_MAX);
    }
    if (r.status == SVC_OK && (present & SVC_HOUSEHOLD_ADDRESS)) {
        h->address = in->address && *in->address ? (char *)in->address : NULL;
        r = svc_check_length(ctx, "address", h->address, SVC_HOUSEHOLD_ADDRESS_MAX);
    }
    if (r.status != SVC_OK || !(present & SVC_HOUSEHOLD_MEMBERS))
        return r;
    r = check_members(ctx, in->members, in->member_count);
    if (r.status != SVC_OK)
        return r;
    int n = in->member_count;
    h->members = pool_zalloc(ctx->pool, sizeof *h->members * (size_t)(n ? n : 1));
    if (n)
        memcpy(h->members, in->members, sizeof *h->members * (size_t)n);
    h->member_count = n;
    return svc_ok();
}

static bool same_household(const store_household *a, const store_household *b)
{
    if (!svc_same_text(a->name, b->name) || !svc_same_text(a->address, b->address) ||
        a->member_count != b->member_count)
        return false;
    for (int i = 0; i < a->member_count; i++) {
        const store_member *x = &a->members[i], *y = &b->members[i];
        if (!svc_same_text(x->person_id, y->person_id) ||
            !svc_same_text(x->relation, y->relation) ||
            !svc_same_text(x->from_date, y->from_date) || !svc_same_text(x->to_date, y->to_date))
            return false;
    }
    return true;
}

/* Every member must be an existing person (inside the write). */
static svc_result check_members_exist(svc_ctx *ctx, const store_household *h)
{
    for (int i = 0; i < h->member_count; i++) {
        store_person p;
        int rc = store_person_get(ctx->db, ctx->pool, h->members[i].person_id, &p);
        if (rc == STORE_NOT_FOUND)
            return svc_invalid(member_field(ctx, i, "person_id"),
                               "指定された利用者が見つかりません。");
        if (rc != STORE_OK)
            return svc_from_store(rc);
        svc_result r = svc_person_refuse_merged(&p, member_field(ctx, i, "person_id"));
        if (r.status != SVC_OK)
            return r;
    }
    return svc_ok();
}

static int64_t date_instant(const char *date, int64_t fallback)
{
    date_ymd d;
    if (!date || !date_parse(date, strlen(date), &d))
        return fallback;
    return date_jst_midnight(d);
}

static const store_member *find_member(const store_household *h, const char *person_id)
{
    for (int i = 0; h && i < h->member_count; i++)
        if (strcmp(h->members[i].person_id, person_id) == 0)
            return &h->members[i];
    return NULL;
}

/* An event of the household (person_id NULL) or of one member. A member's event is not linked
 * to the household: the other members' timelines do not show who joined or left. */
static int add_event(svc_ctx *ctx, int64_t at, event_kind kind, const char *summary,
                     const char *household_id, const char *person_id)
{
    store_event e = {.at = at,
                     .kind = event_kind_code(kind),
                     .section = section_code(event_kind_section(kind)),
                     .summary = summary,
                     .ref_type = "household",
                     .ref_id = household_id,
                     .person_id = person_id,
                     .household_id = person_id ? NULL : household_id};
    return store_event_add(ctx->db, &e);
}

static const char *joined_summary(svc_ctx *ctx, const char *relation)
{
    household_relation rel = RELATION_OTHER;
    (void)household_relation_from_code(relation, &rel); /* checked by check_member */
    return pool_printf(ctx->pool, "世帯に加わりました（%s）", household_relation_label(rel));
}

/* Timeline events for members who joined or left, compared with the previous list (or none),
 * and one audit row for each member whose household data changed. */
static int record_membership(svc_ctx *ctx, const store_household *before,
                             const store_household *after, const char *action)
{
    int rc = STORE_OK;
    for (int i = 0; i < after->member_count && rc == STORE_OK; i++) {
        const store_member *m = &after->members[i];
        const store_member *old = find_member(before, m->person_id);
        if (!old)
            rc = add_event(ctx, date_instant(m->from_date, ctx->now), EVENT_HOUSEHOLD_JOINED,
                           joined_summary(ctx, m->relation), after->id, m->person_id);
        if (rc == STORE_OK && m->to_date && (!old || !old->to_date))
            rc = add_event(ctx, date_instant(m->to_date, ctx->now), EVENT_HOUSEHOLD_LEFT,
                           "世帯から離れました", after->id, m->person_id);
        if (rc == STORE_OK)
            rc = svc_audit_change(ctx, action, "household", after->id, m->person_id);
    }
    for (int i = 0; before && i < before->member_count && rc == STORE_OK; i++)
        if (!find_member(after, before->members[i].person_id))
            rc =
                svc_audit_change(ctx, action, "household", after->id, before->members[i].person_id);
    if (rc == STORE_OK && after->member_count == 0)
        rc = svc_audit_change(ctx, action, "household", after->id, NULL);
    return rc;
}

static svc_result insert_household(svc_ctx *ctx, store_household *h, store_household *out)
{
    svc_result r = check_members_exist(ctx, h);
    if (r.status != SVC_OK)
        return r;
    int rc = store_household_insert(ctx->db, h);
    if (rc == STORE_OK)
        rc = add_event(ctx, ctx->now, EVENT_HOUSEHOLD_CREATED, "世帯を登録しました", h->id, NULL);
    if (rc == STORE_OK)
        rc = record_membership(ctx, NULL, h, "create");
    if (rc == STORE_OK) /* reloaded: the answer carries the members' names */
        rc = store_household_get(ctx->db, ctx->pool, h->id, out);
    return rc == STORE_NOT_FOUND ? svc_error() : svc_from_store(rc);
}

svc_result svc_households_create(svc_ctx *ctx, const svc_household_input *in, store_household *out)
{
    *out = (store_household){0};
    if (!svc_may(ctx, PERM_PERSON_WRITE))
        return svc_forbidden(NULL);
    store_household h = {0};
    svc_result r = apply_input(ctx, in, SVC_HOUSEHOLD_ALL, &h);
    if (r.status != SVC_OK)
        return r;
    if (h.member_count == 0)
        return svc_missing("members");
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    h.id = id;
    h.version = 1;
    h.created_at = h.updated_at = ctx->now;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = insert_household(ctx, &h, out);
    return svc_end(ctx, r);
}

/* One read row per member: the answer shows each of them. */
static bool audit_household_read(svc_ctx *ctx, const store_household *h)
{
    if (h->member_count == 0)
        return svc_audit_read(ctx, "household", h->id, NULL);
    for (int i = 0; i < h->member_count; i++)
        if (!svc_audit_read(ctx, "household", h->id, h->members[i].person_id))
            return false;
    return true;
}

/* The household's address is where its members live: a protected current member protects it
 * (the same rule as the person's own address, audited against each protected member). */
static bool household_address_shown(svc_ctx *ctx, store_household *h)
{
    bool may_read = svc_may(ctx, PERM_ADDRESS_PROTECT);
    h->address_withheld = false; /* a record read from the store carries no verdict yet */
    for (int i = 0; i < h->member_count; i++) {
        const store_member *m = &h->members[i];
        if (m->to_date || !m->person.address_protected)
            continue;
        if (!address_visible(true, ADDRESS_VIEW_RECORD, may_read)) {
            h->address = NULL;
            h->address_withheld = true;
            return true;
        }
        if (h->address && !svc_audit_read(ctx, "person_address", m->person_id, m->person_id))
            return false;
    }
    return true;
}

svc_result svc_households_get(svc_ctx *ctx, const char *id, store_household *out)
{
    *out = (store_household){0};
    if (!svc_may(ctx, PERM_PERSON_READ))
        return svc_forbidden(NULL);
    int rc = store_household_get(ctx->db, ctx->pool, id, out);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    return audit_household_read(ctx, out) && household_address_shown(ctx, out) ? svc_ok()
                                                                               : svc_error();
}

static svc_result update_household(svc_ctx *ctx, const char *id, int64_t version,
                                   const svc_household_input *in, store_household *out)
{
    store_household before = {0};
    int rc = store_household_get(ctx->db, ctx->pool, id, &before);
    if (rc == STORE_OK && before.version != version)
        rc = STORE_CONFLICT;
    if (rc != STORE_OK)
        return svc_from_store(rc);
    store_household probe = before; /* whether the caller may see, so change, the address */
    if (!household_address_shown(ctx, &probe))
        return svc_error();
    if (probe.address_withheld && (in->present & SVC_HOUSEHOLD_ADDRESS))
        return svc_forbidden("住所秘匿の方がいる世帯の住所は変更できません。");
    store_household after = before;
    svc_result r = apply_input(ctx, in, in->present, &after);
    if (r.status != SVC_OK)
        return r;
    if (same_household(&before, &after)) { /* no new version, no event: the answer is a read */
        *out = before;
        return audit_household_read(ctx, out) && household_address_shown(ctx, out) ? svc_ok()
                                                                                   : svc_error();
    }
    r = check_members_exist(ctx, &after);
    if (r.status != SVC_OK)
        return r;
    after.updated_at = ctx->now;
    rc = store_household_update(ctx->db, &after, version);
    if (rc == STORE_OK)
        rc = add_event(ctx, ctx->now, EVENT_HOUSEHOLD_UPDATED, "世帯の情報を更新しました", after.id,
                       NULL);
    if (rc == STORE_OK)
        rc = record_membership(ctx, &before, &after, "update");
    if (rc == STORE_OK)
        rc = store_household_get(ctx->db, ctx->pool, after.id, out);
    if (rc == STORE_OK && !household_address_shown(ctx, out))
        rc = STORE_ERROR;
    return rc == STORE_NOT_FOUND ? svc_error() : svc_from_store(rc);
}

svc_result svc_households_update(svc_ctx *ctx, const char *id, int64_t version,
                                 const svc_household_input *in, store_household *out)
{
    *out = (store_household){0};
    if (!svc_may(ctx, PERM_PERSON_WRITE))
        return svc_forbidden(NULL);
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = update_household(ctx, id, version, in, out);
    return svc_end(ctx, r);
}

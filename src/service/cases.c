/* Cases: open, read, list, change, close (service/cases.h). */
#include "service/cases.h"
#include "domain/case_codes.h"
#include "domain/case_rules.h"
#include "service/case_settings.h"
#include "service/person_merges.h"
#include "store/agencies.h"
#include "store/households.h"
#include "store/pregnancies.h"
#include "store/reports.h"
#include "store/users.h"
#include "util/random.h"

#include <string.h>

/* ---- checks of form (no store) ---- */

static const char *repeated(pool *p, const char *name, const char *const *ids, int n)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(ids[k], ids[i]) == 0)
                return pool_printf(p, "%s[%d]", name, i);
    return NULL;
}

static svc_result check_id_list(svc_ctx *ctx, const char *name, const char *const *ids, int n,
                                int max, bool required)
{
    if (n > max)
        return svc_invalid(name, pool_printf(ctx->pool, "%d件までの配列で指定してください。", max));
    if (required && n == 0)
        return svc_missing(name);
    const char *twice = repeated(ctx->pool, name, ids, n);
    return twice ? svc_invalid(twice, "同じものが二度指定されています。") : svc_ok();
}

static svc_result check_date(const char *field, const char *s, date_ymd *out)
{
    date_ymd d;
    if (!s || !date_parse(s, strlen(s), &d))
        return svc_invalid(field, "日付は YYYY-MM-DD の形式で入力してください。");
    if (out)
        *out = d;
    return svc_ok();
}

static svc_result check_opened_from_form(const svc_case_new *in)
{
    if (!in->has_opened_from)
        return svc_ok();
    switch (
        case_opened_from_check(in->opened_from_type, in->opened_from_id, in->opened_from_from)) {
    case CASE_OPENED_FROM_OK:
        return svc_ok();
    case CASE_OPENED_FROM_NO_TYPE:
        return svc_missing("opened_from.type");
    case CASE_OPENED_FROM_BAD_TYPE:
        return svc_invalid("opened_from.type", "pregnancy・report・transfer のいずれかです。");
    case CASE_OPENED_FROM_NO_ID:
        return svc_missing("opened_from.id");
    case CASE_OPENED_FROM_NO_FROM:
        return svc_missing("opened_from.from");
    case CASE_OPENED_FROM_FROM_NOT_HERE:
        break;
    }
    return svc_invalid("opened_from.from",
                       "転出元の市区町村は転入（transfer）のときだけ入力します。");
}

static svc_result check_new_form(svc_ctx *ctx, const svc_case_new *in)
{
    if (!in->household_id)
        return svc_missing("household_id");
    svc_result r = check_id_list(ctx, "subject_ids", in->subject_ids, in->subject_count,
                                 SVC_CASE_SUBJECTS_MAX, true);
    if (r.status == SVC_OK && !in->lead_id)
        r = svc_missing("lead_id");
    if (r.status == SVC_OK)
        r = check_id_list(ctx, "agency_ids", in->agency_ids, in->agency_count,
                          SVC_CASE_AGENCIES_MAX, false);
    if (r.status == SVC_OK && in->next_review_on)
        r = check_date("next_review_on", in->next_review_on, NULL);
    if (r.status == SVC_OK)
        r = check_opened_from_form(in);
    if (r.status == SVC_OK && in->has_opened_from)
        r = svc_check_length(ctx, "opened_from.from", in->opened_from_from, 100);
    return r;
}

/* ---- checks against the store (inside the write) ---- */

/* A lead or deputy: an active account of a role that works on cases. */
static svc_result check_staff(svc_ctx *ctx, const char *field, const char *user_id)
{
    store_user u;
    int rc = store_user_by_id(ctx->db, ctx->pool, user_id, &u);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return svc_from_store(rc);
    if (rc == STORE_NOT_FOUND || u.disabled || strcmp(u.status, "active") != 0 ||
        !role_may(role_from_code(u.role), PERM_CASE_WRITE))
        return svc_invalid(field, "担当者はケースを担当できる職員（有効なアカウント）から指定して"
                                  "ください。");
    return svc_ok();
}

static svc_result check_agency(svc_ctx *ctx, const char *field, const char *agency_id)
{
    store_agency a;
    int rc = store_agency_get(ctx->db, ctx->pool, agency_id, &a);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid(field, "指定された関係機関が見つかりません。");
    return svc_from_store(rc);
}

static svc_result check_agencies(svc_ctx *ctx, const char *const *ids, int n)
{
    svc_result r = svc_ok();
    for (int i = 0; i < n && r.status == SVC_OK; i++)
        r = check_agency(ctx, pool_printf(ctx->pool, "agency_ids[%d]", i), ids[i]);
    return r;
}

static svc_result check_lead_and_deputy(svc_ctx *ctx, const char *lead_id, const char *deputy_id)
{
    svc_result r = check_staff(ctx, "lead_id", lead_id);
    if (r.status != SVC_OK || !deputy_id)
        return r;
    if (strcmp(deputy_id, lead_id) == 0)
        return svc_invalid("deputy_id", "副担当は主担当と別の職員にしてください。");
    return check_staff(ctx, "deputy_id", deputy_id);
}

static bool current_member(const store_household *h, const char *person_id)
{
    for (int i = 0; i < h->member_count; i++)
        if (!h->members[i].to_date && strcmp(h->members[i].person_id, person_id) == 0)
            return true;
    return false;
}

static svc_result check_members(svc_ctx *ctx, const store_household *h, const char *const *ids,
                                int n)
{
    for (int i = 0; i < n; i++)
        if (!current_member(h, ids[i]))
            return svc_invalid(pool_printf(ctx->pool, "subject_ids[%d]", i),
                               "対象者はこの世帯の現在の構成員から選んでください。");
    return svc_ok();
}

static bool among(const char *id, const char *const *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

/* pregnancy: its mother is a subject; report: every child of it is a subject. */
static svc_result check_opened_from_record(svc_ctx *ctx, const svc_case_new *in)
{
    if (!in->has_opened_from || strcmp(in->opened_from_type, "transfer") == 0)
        return svc_ok();
    bool pregnancy = strcmp(in->opened_from_type, "pregnancy") == 0;
    int rc;
    if (pregnancy) {
        store_pregnancy g;
        rc = store_pregnancy_get(ctx->db, ctx->pool, in->opened_from_id, &g);
        if (rc == STORE_OK && !among(g.mother_id, in->subject_ids, in->subject_count))
            return svc_invalid("subject_ids", "妊娠届の妊婦を対象者に含めてください。");
    } else {
        store_report rep;
        rc = store_report_get(ctx->db, ctx->pool, in->opened_from_id, &rep);
        for (int i = 0; rc == STORE_OK && i < rep.child_count; i++)
            if (!among(rep.children[i].child_id, in->subject_ids, in->subject_count))
                return svc_invalid("subject_ids",
                                   "通告・相談の子どもを全員、対象者に含めてください。");
    }
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("opened_from.id", pregnancy ? "指定された妊娠届が見つかりません。"
                                                       : "指定された通告・相談が見つかりません。");
    return svc_from_store(rc);
}

static svc_result check_new_refs(svc_ctx *ctx, const svc_case_new *in)
{
    store_household h;
    int rc = store_household_get(ctx->db, ctx->pool, in->household_id, &h);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("household_id", "指定された世帯が見つかりません。");
    svc_result r = svc_from_store(rc);
    if (r.status == SVC_OK)
        r = svc_person_ids_refuse_merged(ctx, in->subject_ids, in->subject_count, "subject_ids");
    if (r.status == SVC_OK)
        r = check_members(ctx, &h, in->subject_ids, in->subject_count);
    if (r.status == SVC_OK)
        r = check_lead_and_deputy(ctx, in->lead_id, in->deputy_id);
    if (r.status == SVC_OK && in->lead_agency_id)
        r = check_agency(ctx, "lead_agency_id", in->lead_agency_id);
    if (r.status == SVC_OK)
        r = check_agencies(ctx, in->agency_ids, in->agency_count);
    if (r.status == SVC_OK)
        r = check_opened_from_record(ctx, in);
    return r;
}

/* ---- telling: timelines and audit ---- */

static char *date_text(pool *p, date_ymd d)
{
    char *s = pool_alloc(p, 11);
    date_format(d, s);
    return s;
}

/* One event on the family's timeline (every member's, through the household: once, not once per
 * subject) and an audited change of the case about each subject. */
static int tell_subjects(svc_ctx *ctx, const store_case *k, const char *const *person_ids, int n,
                         event_kind kind, const char *summary, const char *action)
{
    int rc = svc_add_household_event(ctx, ctx->now, kind, summary, "case", k->id, k->household_id);
    for (int i = 0; i < n && rc == STORE_OK; i++)
        rc = svc_audit_change(ctx, action, "case", k->id, person_ids[i]);
    return rc;
}

/* Every subject shown (the removed ones too) is audited as a read of the case. */
static bool audit_subjects(svc_ctx *ctx, const store_case *k)
{
    bool ok = true;
    for (int i = 0; i < k->subject_count; i++)
        ok &= svc_audit_read(ctx, "case", k->id, k->subjects[i].person_id);
    return ok;
}

static svc_result load(svc_ctx *ctx, const char *id, bool audit_read, store_case *out)
{
    int rc = store_case_get(ctx->db, ctx->pool, id, out);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    return !audit_read || audit_subjects(ctx, out) ? svc_ok() : svc_error();
}

/* ---- open ---- */

static const char *opened_summary(pool *p, const svc_case_new *in)
{
    if (!in->has_opened_from)
        return "ケースを開始しました";
    const char *how = vocab_label(&case_opened_from, in->opened_from_type);
    if (strcmp(in->opened_from_type, "transfer") == 0)
        return pool_printf(p, "ケースを開始しました（%s：%s から）", how, in->opened_from_from);
    return pool_printf(p, "ケースを開始しました（%s から）", how);
}

static svc_result case_record(svc_ctx *ctx, const svc_case_new *in, store_case *k)
{
    svc_case_intervals iv;
    svc_result r = svc_settings_case_intervals_get(ctx, &iv);
    if (r.status != SVC_OK)
        return r;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    *k = (store_case){
        .id = id,
        .version = 1,
        .household_id = (char *)in->household_id,
        .status = "open",
        .lead_id = (char *)in->lead_id,
        .deputy_id = (char *)in->deputy_id,
        .lead_agency_id = (char *)in->lead_agency_id,
        .opened_on = date_text(ctx->pool, ctx->today),
        .next_review_on = (char *)in->next_review_on,
        .created_by = (char *)ctx->user_id,
        .created_at = ctx->now,
        .updated_at = ctx->now,
        .subject_count = in->subject_count,
        .agency_ids = (char **)in->agency_ids,
        .agency_count = in->agency_count,
    };
    if (!k->next_review_on)
        k->next_review_on =
            date_text(ctx->pool, case_next_review(ctx->today, iv.case_review_months));
    if (in->has_opened_from) {
        k->opened_from_type = (char *)in->opened_from_type;
        k->opened_from_id = (char *)in->opened_from_id;
        k->opened_from_municipality = (char *)in->opened_from_from;
    }
    k->subjects = pool_zalloc(ctx->pool, sizeof *k->subjects * (size_t)(in->subject_count + 1));
    for (int i = 0; i < in->subject_count; i++)
        k->subjects[i].person_id = (char *)in->subject_ids[i];
    return svc_ok();
}

static svc_result write_new(svc_ctx *ctx, const svc_case_new *in, const store_case *k)
{
    svc_result r = check_new_refs(ctx, in);
    if (r.status != SVC_OK)
        return r;
    int rc = store_case_insert(ctx->db, k);
    if (rc == STORE_CONSTRAINT) { /* the keys were checked: the household's open case */
        r = svc_conflict();
        r.message = "この世帯には支援中のケースがすでにあります。";
        return r;
    }
    if (rc == STORE_OK)
        rc = tell_subjects(ctx, k, in->subject_ids, in->subject_count, EVENT_CASE_OPENED,
                           opened_summary(ctx->pool, in), "create");
    return svc_from_store(rc);
}

svc_result svc_case_create(svc_ctx *ctx, const svc_case_new *in, store_case *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    if (!ctx->user_id)
        return svc_invalid("lead_id", "ケースは職員のアカウントで開始してください。");
    store_case k;
    svc_result r = check_new_form(ctx, in);
    if (r.status == SVC_OK)
        r = case_record(ctx, in, &k);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = write_new(ctx, in, &k);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? load(ctx, k.id, false, out) : r;
}

/* ---- read ---- */

svc_result svc_case_get(svc_ctx *ctx, const char *id, store_case *out)
{
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    return load(ctx, id, true, out);
}

static svc_result list_in_snapshot(svc_ctx *ctx, const store_case_filter *f, svc_case_page *out)
{
    store_case_filter one_more = *f;
    one_more.limit = f->limit + 1;
    store_case *cases;
    int n;
    int rc = store_case_page(ctx->db, ctx->pool, &one_more, &cases, &n);
    if (rc == STORE_OK)
        rc = store_case_count(ctx->db, f, &out->total);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    out->more = n > f->limit;
    out->count = out->more ? f->limit : n;
    out->items = cases;
    for (int i = 0; i < out->count; i++)
        if (!audit_subjects(ctx, &cases[i]))
            return svc_error();
    return svc_ok();
}

svc_result svc_case_list(svc_ctx *ctx, store_case_filter *f, svc_case_page *out)
{
    *out = (svc_case_page){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    if (f->category && !vocab_has(&case_categories, f->category))
        return svc_invalid("category", "選択肢にない値です。");
    if (f->status && !vocab_has(&case_statuses, f->status))
        return svc_invalid("status", "open または closed で指定してください。");
    if (f->limit < 1)
        return svc_invalid("limit", "limit は1以上で指定してください。");
    if (f->sort < 0 || f->sort >= STORE_CASE_SORT_COUNT)
        return svc_invalid("sort", "並べ替えの項目が正しくありません。");
    if (f->mine && !ctx->user_id)
        return svc_invalid("mine", "担当者のいない利用では指定できません。");
    if (f->mine)
        f->owner_id = ctx->user_id;
    if (ctx->in_transaction)
        return list_in_snapshot(ctx, f, out);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = list_in_snapshot(ctx, f, out);
    store_end_read(ctx->db);
    return r;
}

/* ---- change ---- */

static svc_result check_changes_form(svc_ctx *ctx, const svc_case_changes *in)
{
    svc_result r = svc_ok();
    if (in->set_subjects)
        r = check_id_list(ctx, "subject_ids", in->subject_ids, in->subject_count,
                          SVC_CASE_SUBJECTS_MAX, true);
    if (r.status == SVC_OK && in->set_agencies)
        r = check_id_list(ctx, "agency_ids", in->agency_ids, in->agency_count,
                          SVC_CASE_AGENCIES_MAX, false);
    if (r.status == SVC_OK && in->set_next_review && in->next_review_on)
        r = check_date("next_review_on", in->next_review_on, NULL);
    return r;
}

/* What a change does to the case: the new row and the subjects in and out. */
typedef struct case_delta {
    store_case next;
    const char **added, **removed;
    int added_count, removed_count;
    bool agencies_changed;
    const char *parts[8]; /* what changed, for the timeline */
    int part_count;
} case_delta;

static bool current_subject(const store_case *k, const char *person_id)
{
    for (int i = 0; i < k->subject_count; i++)
        if (!k->subjects[i].removed_on && strcmp(k->subjects[i].person_id, person_id) == 0)
            return true;
    return false;
}

static bool same_set(char *const *a, int na, const char *const *b, int nb)
{
    if (na != nb)
        return false;
    for (int i = 0; i < na; i++)
        if (!among(a[i], b, nb))
            return false;
    return true;
}

/* The subjects taken off (a registered one only by a conference first) and put on. */
static svc_result subject_delta(svc_ctx *ctx, const store_case *k, const svc_case_changes *in,
                                case_delta *d)
{
    d->added = pool_zalloc(ctx->pool, sizeof *d->added * (size_t)(in->subject_count + 1));
    d->removed = pool_zalloc(ctx->pool, sizeof *d->removed * (size_t)(k->subject_count + 1));
    for (int i = 0; i < k->subject_count; i++) {
        const store_case_subject *s = &k->subjects[i];
        if (s->removed_on || among(s->person_id, in->subject_ids, in->subject_count))
            continue;
        if (s->youtaikyo)
            return svc_invalid("subject_ids", "要対協に登録中の対象者は、会議の決定で登録を外して"
                                              "から対象者から外してください。");
        d->removed[d->removed_count++] = s->person_id;
    }
    store_household h = {0};
    for (int i = 0; i < in->subject_count; i++) {
        if (current_subject(k, in->subject_ids[i]))
            continue; /* one who left the household meanwhile stays until taken off */
        svc_result r = svc_person_id_refuse_merged(ctx, in->subject_ids[i],
                                                   pool_printf(ctx->pool, "subject_ids[%d]", i));
        if (r.status != SVC_OK)
            return r;
        int rc = h.id ? STORE_OK : store_household_get(ctx->db, ctx->pool, k->household_id, &h);
        if (rc != STORE_OK)
            return svc_from_store(rc);
        if (!current_member(&h, in->subject_ids[i]))
            return svc_invalid(pool_printf(ctx->pool, "subject_ids[%d]", i),
                               "対象者はこの世帯の現在の構成員から選んでください。");
        d->added[d->added_count++] = in->subject_ids[i];
    }
    return svc_ok();
}

static void note_part(case_delta *d, bool changed, const char *what)
{
    if (changed && d->part_count < (int)(sizeof d->parts / sizeof d->parts[0]))
        d->parts[d->part_count++] = what;
}

static svc_result staff_delta(svc_ctx *ctx, const store_case *k, const svc_case_changes *in,
                              case_delta *d)
{
    const char *lead = in->lead_id ? in->lead_id : k->lead_id;
    const char *deputy = in->set_deputy ? in->deputy_id : k->deputy_id;
    bool lead_changed = !svc_same_text(lead, k->lead_id);
    bool deputy_changed = !svc_same_text(deputy, k->deputy_id);
    if (lead_changed || deputy_changed) {
        svc_result r = check_lead_and_deputy(ctx, lead, deputy);
        if (r.status != SVC_OK)
            return r;
    }
    d->next.lead_id = (char *)lead;
    d->next.deputy_id = (char *)deputy;
    note_part(d, lead_changed, "主担当");
    note_part(d, deputy_changed, "副担当");
    const char *agency = in->set_lead_agency ? in->lead_agency_id : k->lead_agency_id;
    bool agency_changed = !svc_same_text(agency, k->lead_agency_id);
    if (agency_changed && agency) {
        svc_result r = check_agency(ctx, "lead_agency_id", agency);
        if (r.status != SVC_OK)
            return r;
    }
    d->next.lead_agency_id = (char *)agency;
    note_part(d, agency_changed, "主たる支援機関");
    return svc_ok();
}

static svc_result make_delta(svc_ctx *ctx, const store_case *k, const svc_case_changes *in,
                             case_delta *d)
{
    *d = (case_delta){.next = *k};
    svc_result r = staff_delta(ctx, k, in, d);
    if (r.status == SVC_OK && in->set_subjects)
        r = subject_delta(ctx, k, in, d);
    if (r.status != SVC_OK)
        return r;
    note_part(d, d->added_count || d->removed_count, "対象者");
    if (in->set_agencies &&
        !same_set(k->agency_ids, k->agency_count, in->agency_ids, in->agency_count)) {
        r = check_agencies(ctx, in->agency_ids, in->agency_count);
        if (r.status != SVC_OK)
            return r;
        d->agencies_changed = true;
        d->next.agency_ids = (char **)in->agency_ids;
        d->next.agency_count = in->agency_count;
    }
    note_part(d, d->agencies_changed, "共有する関係機関");
    if (in->set_next_review) {
        note_part(d, !svc_same_text(in->next_review_on, k->next_review_on), "次回見直し日");
        d->next.next_review_on = (char *)in->next_review_on;
    }
    return svc_ok();
}

static const char *update_summary(pool *p, const case_delta *d)
{
    const char *s = "ケースを更新しました（";
    for (int i = 0; i < d->part_count; i++)
        s = pool_printf(p, "%s%s%s", s, i ? "・" : "", d->parts[i]);
    return pool_printf(p, "%s）", s);
}

/* The subjects now and those taken off: everyone the change is about. */
static const char **people_of(svc_ctx *ctx, const store_case *k, const case_delta *d, int *n)
{
    const char **ids =
        pool_zalloc(ctx->pool, sizeof *ids * (size_t)(k->subject_count + d->added_count + 1));
    *n = 0;
    for (int i = 0; i < k->subject_count; i++)
        if (!k->subjects[i].removed_on)
            ids[(*n)++] = k->subjects[i].person_id;
    for (int i = 0; i < d->added_count; i++)
        ids[(*n)++] = d->added[i];
    return ids;
}

static svc_result write_delta(svc_ctx *ctx, const store_case *k, int64_t version,
                              const case_delta *d)
{
    const char *today = date_text(ctx->pool, ctx->today);
    int rc = store_case_update(ctx->db, &d->next, version, ctx->now);
    for (int i = 0; i < d->removed_count && rc == STORE_OK; i++)
        rc = store_case_subject_remove(ctx->db, k->id, d->removed[i], today);
    for (int i = 0; i < d->added_count && rc == STORE_OK; i++)
        rc = store_case_subject_add(ctx->db, k->id, d->added[i], today);
    if (rc == STORE_OK && d->agencies_changed)
        rc = store_case_agencies_set(ctx->db, k->id, d->next.agency_ids, d->next.agency_count);
    int n;
    const char **people = people_of(ctx, k, d, &n);
    if (rc == STORE_OK)
        rc = tell_subjects(ctx, k, people, n, EVENT_CASE_UPDATED, update_summary(ctx->pool, d),
                           "update");
    return svc_from_store(rc);
}

static svc_result update_in_write(svc_ctx *ctx, const char *id, int64_t version,
                                  const svc_case_changes *in, bool *changed)
{
    store_case k;
    int rc = store_case_get(ctx->db, ctx->pool, id, &k);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (k.version != version)
        return svc_conflict();
    if (strcmp(k.status, "open") != 0)
        return svc_invalid_transition("終結したケースは変更できません（新しいケースを開始して"
                                      "ください）。");
    case_delta d;
    svc_result r = make_delta(ctx, &k, in, &d);
    *changed = r.status == SVC_OK && d.part_count > 0;
    if (r.status != SVC_OK || !*changed)
        return r;
    return write_delta(ctx, &k, version, &d);
}

svc_result svc_case_update(svc_ctx *ctx, const char *id, int64_t version,
                           const svc_case_changes *in, store_case *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    svc_result r = check_changes_form(ctx, in);
    if (r.status != SVC_OK)
        return r;
    bool changed = false;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = update_in_write(ctx, id, version, in, &changed);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? load(ctx, id, !changed, out) : r;
}

/* ---- close ---- */

static svc_result close_problem(case_close_problem p)
{
    switch (p) {
    case CASE_CLOSE_OK:
        return svc_ok();
    case CASE_CLOSE_NO_REASON:
        return svc_missing("reason");
    case CASE_CLOSE_BAD_REASON:
        return svc_invalid("reason", "終結の理由が選択肢にありません。");
    case CASE_CLOSE_NO_DATE:
        return svc_missing("on");
    case CASE_CLOSE_FUTURE:
        return svc_invalid("on", "終結日が未来になっています。");
    case CASE_CLOSE_BEFORE_OPENED:
        return svc_invalid("on", "終結日がケースの開始日より前です。");
    case CASE_CLOSE_NO_MOVED_TO:
        return svc_missing("moved_to");
    case CASE_CLOSE_MOVED_TO_NOT_HERE:
        break;
    }
    return svc_invalid("moved_to", "転出先は転出（moved）で終結するときだけ入力します。");
}

static const char *closed_summary(pool *p, const svc_case_close_in *in)
{
    const char *why = vocab_label(&case_close_reasons, in->reason);
    if (in->moved_to)
        return pool_printf(p, "ケースを終結しました（%s：%s）", why, in->moved_to);
    return pool_printf(p, "ケースを終結しました（%s）", why);
}

static svc_result close_in_write(svc_ctx *ctx, const char *id, const svc_case_close_in *in,
                                 const date_ymd *on)
{
    store_case k;
    int rc = store_case_get(ctx->db, ctx->pool, id, &k);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (strcmp(k.status, "open") != 0)
        return svc_invalid_transition("このケースはすでに終結しています。");
    date_ymd opened;
    if (!date_parse(k.opened_on, strlen(k.opened_on), &opened))
        return svc_error();
    svc_result r =
        close_problem(case_close_check(in->reason, on, opened, ctx->today, in->moved_to != NULL));
    if (r.status != SVC_OK)
        return r;
    store_case_closing cl = {.on = in->on,
                             .reason = in->reason,
                             .note = in->note,
                             .moved_to = in->moved_to,
                             .by = ctx->user_id};
    rc = store_case_close(ctx->db, id, &cl, ctx->now);
    if (rc == STORE_CONFLICT) /* closed meanwhile by another writer */
        return svc_invalid_transition("このケースはすでに終結しています。");
    const char **people = pool_zalloc(ctx->pool, sizeof *people * (size_t)(k.subject_count + 1));
    int n = 0;
    for (int i = 0; i < k.subject_count; i++)
        if (!k.subjects[i].removed_on)
            people[n++] = k.subjects[i].person_id;
    if (rc == STORE_OK)
        rc = tell_subjects(ctx, &k, people, n, EVENT_CASE_CLOSED, closed_summary(ctx->pool, in),
                           "update");
    return svc_from_store(rc);
}

svc_result svc_case_close(svc_ctx *ctx, const char *id, const svc_case_close_in *in,
                          store_case *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    date_ymd on;
    svc_result r = svc_ok();
    if (in->on)
        r = check_date("on", in->on, &on);
    if (r.status == SVC_OK && in->moved_to)
        r = svc_check_length(ctx, "moved_to", in->moved_to, 100);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = close_in_write(ctx, id, in, in->on ? &on : NULL);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? load(ctx, id, false, out) : r;
}

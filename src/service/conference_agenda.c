/* The generated agenda of a meeting (svc_conference_agenda): the open cases and the 特定妊婦
 * candidates from the store, the overdue alerts from the board (service/alerts.c), the rules
 * of domain/agenda.c, and for each line what changed since the last meeting of the kind. */
#include "domain/case_codes.h"
#include "service/case_settings.h"
#include "service/conferences.h"

#include <stdlib.h>
#include <string.h>

/* What the agenda is built from. */
typedef struct agenda_sources {
    pool *pool;
    store_agenda_subject *subjects; /* every current subject of every open case, by case */
    int subject_count, subject_cap;
    agenda_case *cases; /* one per open case, pointing into subjects */
    int *first_subject, *subjects_of;
    int case_count, case_cap;
    store_agenda_candidate *candidates;
    int candidate_count, candidate_cap;
    const store_agenda_subject **by_person; /* the subjects sorted by person id */
    int *alert_case;                        /* each overdue alert's case (-1: none) */
    char notified_since[11];                /* the candidates' first notification day */
    store_agenda_change *changes;           /* each person's together, at most the per-person cap */
    int change_count, change_cap;
    struct changed_person *changed; /* each person's range of changes, sorted by person id */
    int changed_count, changed_cap;
} agenda_sources;

/* A person's changes: a range of agenda_sources.changes (the store gives them together). */
typedef struct changed_person {
    const char *person_id;
    int first, count;
} changed_person;

static void *grow(pool *p, void *items, int count, int *cap, size_t size)
{
    if (count < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 64;
    void *grown = pool_alloc(p, size * (size_t)*cap);
    if (count)
        memcpy(grown, items, size * (size_t)count);
    return grown;
}

static int add_subject(void *arg, const store_agenda_subject *s)
{
    agenda_sources *src = arg;
    src->subjects =
        grow(src->pool, src->subjects, src->subject_count, &src->subject_cap, sizeof *s);
    src->subjects[src->subject_count++] = *s;
    return 0;
}

static int add_candidate(void *arg, const store_agenda_candidate *a)
{
    agenda_sources *src = arg;
    src->candidates =
        grow(src->pool, src->candidates, src->candidate_count, &src->candidate_cap, sizeof *a);
    src->candidates[src->candidate_count++] = *a;
    return 0;
}

static const char *full_kana(pool *p, const store_person *person)
{
    return pool_printf(p, "%s%s", person->family_name_kana ? person->family_name_kana : "",
                       person->given_name_kana ? person->given_name_kana : "");
}

/* The rows of one case are adjacent (the store orders by case): one agenda_case each. */
static void group_cases(agenda_sources *src)
{
    int n = src->subject_count;
    src->cases = pool_zalloc(src->pool, sizeof *src->cases * (size_t)(n + 1));
    src->first_subject = pool_zalloc(src->pool, sizeof(int) * (size_t)(n + 1));
    src->subjects_of = pool_zalloc(src->pool, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const store_agenda_subject *s = &src->subjects[i];
        int c = src->case_count - 1;
        if (c < 0 || strcmp(src->cases[c].case_id, s->case_id) != 0) {
            c = src->case_count++;
            src->cases[c] = (agenda_case){.case_id = s->case_id,
                                          .kana = full_kana(src->pool, &s->person),
                                          .next_review_on = s->next_review_on};
            src->first_subject[c] = i;
        }
        src->subjects_of[c]++;
        src->cases[c].registered |= s->youtaikyo;
    }
}

static int case_index(const agenda_sources *src, const char *case_id)
{
    for (int i = 0; case_id && i < src->case_count; i++)
        if (strcmp(src->cases[i].case_id, case_id) == 0)
            return i;
    return -1;
}

static int by_person_id(const void *x, const void *y)
{
    const store_agenda_subject *const *a = x, *const *b = y;
    return strcmp((*a)->person.id, (*b)->person.id);
}

static void index_persons(agenda_sources *src)
{
    src->by_person =
        pool_zalloc(src->pool, sizeof *src->by_person * (size_t)(src->subject_count + 1));
    for (int i = 0; i < src->subject_count; i++)
        src->by_person[i] = &src->subjects[i];
    if (src->subject_count > 1)
        qsort(src->by_person, (size_t)src->subject_count, sizeof *src->by_person, by_person_id);
}

/* The open case a person is a current subject of (-1: none). */
static int case_of_person(const agenda_sources *src, const char *person_id)
{
    if (!person_id || !src->subject_count)
        return -1;
    store_agenda_subject key = {.person = {.id = (char *)person_id}};
    const store_agenda_subject *k = &key;
    const store_agenda_subject **hit = bsearch(&k, src->by_person, (size_t)src->subject_count,
                                               sizeof *src->by_person, by_person_id);
    return hit ? case_index(src, (*hit)->case_id) : -1;
}

/* The case an alert concerns: its case (actions, reviews) or its person's open case. */
static int case_of_alert(const agenda_sources *src, const svc_alert *a)
{
    return a->case_id ? case_index(src, a->case_id) : case_of_person(src, a->person.id);
}

/* The EPDS items of persons in no open case, added to the case subjects' items: a candidate's
 * line lists its mother's alerts. A pregnant mother has no other person-keyed kind (newborn
 * visits and 乳幼児健診 are a young child's); her safety confirmations come whole. */
static svc_result add_mothers_epds(svc_ctx *ctx, const agenda_sources *src, int64_t at,
                                   svc_alert **items, int *count)
{
    const alert_kind mothers_kinds[] = {ALERT_EPDS_SELF_HARM, ALERT_SCREENING_FOLLOWUP};
    for (size_t k = 0; k < sizeof mothers_kinds / sizeof *mothers_kinds; k++) {
        svc_alert *epds;
        int n;
        svc_result r = svc_alerts_of_kind(ctx, at, mothers_kinds[k], &epds, &n);
        if (r.status != SVC_OK)
            return r;
        svc_alert *all = pool_alloc(ctx->pool, sizeof *all * (size_t)(*count + n + 1));
        if (*count)
            memcpy(all, *items, sizeof *all * (size_t)*count);
        for (int i = 0; i < n; i++)
            if (case_of_person(src, epds[i].person.id) < 0)
                all[(*count)++] = epds[i];
        *items = all;
    }
    svc_alerts_sort(*items, *count);
    return svc_ok();
}

/* The alerts the agenda can show, overdue at the meeting: now when it is today, else the start
 * of that day. */
static svc_result overdue_alerts(svc_ctx *ctx, const agenda_sources *src, date_ymd on,
                                 svc_alert **items, int *count)
{
    int64_t at = date_compare(on, ctx->today) == 0 ? ctx->now : date_jst_midnight(on);
    svc_result r = svc_alerts_of_case_subjects(ctx, at, NULL, items, count);
    if (r.status == SVC_OK)
        r = add_mothers_epds(ctx, src, at, items, count);
    if (r.status != SVC_OK)
        return r;
    int kept = 0;
    for (int i = 0; i < *count; i++)
        if ((*items)[i].due_at <= at)
            (*items)[kept++] = (*items)[i];
    *count = kept;
    return svc_ok();
}

static svc_result gather(svc_ctx *ctx, date_ymd on, agenda_sources *src, svc_alert **alerts,
                         int *alert_count)
{
    /* A candidate counts until a year after its due date: notified within the last 2 years. */
    date_format(date_add_months(on, -2 * AGENDA_CANDIDATE_MONTHS), src->notified_since);
    int rc = store_agenda_open_cases(ctx->db, ctx->pool, add_subject, src);
    if (rc == STORE_OK)
        rc = store_agenda_candidates(ctx->db, ctx->pool, src->notified_since, add_candidate, src);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    group_cases(src);
    index_persons(src);
    svc_result r = overdue_alerts(ctx, src, on, alerts, alert_count);
    if (r.status != SVC_OK)
        return r;
    src->alert_case = pool_zalloc(src->pool, sizeof(int) * (size_t)(*alert_count + 1));
    for (int i = 0; i < *alert_count; i++) {
        int c = src->alert_case[i] = case_of_alert(src, &(*alerts)[i]);
        if (c >= 0)
            src->cases[c].overdue_alert = true;
    }
    return r;
}

/* ---- the lines ---- */

typedef struct change_sink {
    svc_agenda_line *line;
    int cap;
    pool *pool;
} change_sink;

/* A row of the store's: a new person's range, or one more change of the current person's. */
static int add_changed(void *arg, const store_agenda_change *ch)
{
    agenda_sources *src = arg;
    changed_person *last = src->changed_count ? &src->changed[src->changed_count - 1] : NULL;
    if (!last || strcmp(last->person_id, ch->person_id) != 0) {
        src->changed = grow(src->pool, src->changed, src->changed_count, &src->changed_cap,
                            sizeof *src->changed);
        last = &src->changed[src->changed_count++];
        *last = (changed_person){.person_id = ch->person_id, .first = src->change_count};
    }
    if (last->count == SVC_AGENDA_CHANGES_PER_PERSON)
        return 0;
    src->changes = grow(src->pool, src->changes, src->change_count, &src->change_cap, sizeof *ch);
    src->changes[src->change_count++] = *ch;
    last->count++;
    return 0;
}

static int by_changed_person(const void *x, const void *y)
{
    return strcmp(((const changed_person *)x)->person_id, ((const changed_person *)y)->person_id);
}

/* Every person's changes since the instant, in one statement. */
static svc_result load_changes(svc_ctx *ctx, agenda_sources *src, int64_t since)
{
    int rc = store_agenda_changes(ctx->db, ctx->pool, since, src->notified_since, add_changed, src);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (src->changed_count > 1)
        qsort(src->changed, (size_t)src->changed_count, sizeof *src->changed, by_changed_person);
    return svc_ok();
}

static void person_changes(const agenda_sources *src, change_sink *s, const char *person_id)
{
    changed_person key = {.person_id = person_id};
    const changed_person *hit = src->changed_count
                                    ? bsearch(&key, src->changed, (size_t)src->changed_count,
                                              sizeof *src->changed, by_changed_person)
                                    : NULL;
    svc_agenda_line *l = s->line;
    for (int i = 0; hit && i < hit->count; i++) {
        l->changes = grow(s->pool, l->changes, l->change_count, &s->cap, sizeof *l->changes);
        l->changes[l->change_count++] =
            (svc_agenda_change){.person_id = person_id, .change = src->changes[hit->first + i]};
    }
}

static const store_agenda_candidate *candidate_by_id(const agenda_sources *src, const char *id)
{
    for (int i = 0; id && i < src->candidate_count; i++)
        if (strcmp(src->candidates[i].pregnancy_id, id) == 0)
            return &src->candidates[i];
    return NULL;
}

static void line_alerts(svc_ctx *ctx, const agenda_sources *src, svc_agenda_line *l,
                        const svc_alert *alerts, int n)
{
    l->alerts = pool_zalloc(ctx->pool, sizeof *l->alerts * (size_t)(n + 1));
    int own_case = l->item.case_id ? case_index(src, l->item.case_id) : -1;
    for (int i = 0; i < n; i++) {
        bool mine = l->item.case_id ? src->alert_case[i] == own_case
                                    : l->candidate && alerts[i].person.id &&
                                          strcmp(alerts[i].person.id, l->candidate->mother.id) == 0;
        if (mine)
            l->alerts[l->alert_count++] = &alerts[i];
    }
}

/* A line's subjects, alerts and changes, each person shown audited. */
static svc_result fill_line(svc_ctx *ctx, const agenda_sources *src, svc_agenda_line *l,
                            const svc_alert *alerts, int alert_count)
{
    change_sink sink = {.line = l, .pool = ctx->pool};
    bool ok = true;
    if (l->item.case_id) {
        int c = case_index(src, l->item.case_id);
        l->subjects = &src->subjects[src->first_subject[c]];
        l->subject_count = src->subjects_of[c];
        l->next_review_on = l->subjects[0].next_review_on;
        l->lead_name = l->subjects[0].lead_name;
        for (int i = 0; i < l->subject_count; i++) {
            ok &= svc_audit_read_hourly(ctx, "agenda", l->item.case_id, l->subjects[i].person.id);
            person_changes(src, &sink, l->subjects[i].person.id);
        }
        if (l->item.candidate_count)
            l->candidate = candidate_by_id(src, l->item.candidate_ids[0]);
    } else {
        l->candidate = candidate_by_id(src, l->item.pregnancy_id);
        ok &= svc_audit_read_hourly(ctx, "agenda", l->item.pregnancy_id, l->candidate->mother.id);
        person_changes(src, &sink, l->candidate->mother.id);
    }
    line_alerts(ctx, src, l, alerts, alert_count);
    return ok ? svc_ok() : svc_error();
}

/* Changes count from the last meeting of the kind, or the review interval before `on`. */
static svc_result changes_since(svc_ctx *ctx, const char *kind, date_ymd on, svc_agenda *out,
                                int64_t *since)
{
    char day[11];
    date_format(on, day);
    char *id = NULL, *held_on = NULL;
    int rc = store_conference_last_of_kind(ctx->db, ctx->pool, kind, day, &id, &held_on);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return svc_from_store(rc);
    date_ymd from;
    if (rc == STORE_OK && date_parse(held_on, strlen(held_on), &from)) {
        out->last_conference_id = id;
    } else {
        svc_case_intervals iv;
        svc_result r = svc_settings_case_intervals_get(ctx, &iv);
        if (r.status != SVC_OK)
            return r;
        from = date_add_months(on, -iv.case_review_months);
    }
    char *text = pool_alloc(ctx->pool, 11);
    date_format(from, text);
    out->since = text;
    *since = date_jst_midnight(from);
    return svc_ok();
}

static agenda_pregnancy *as_pregnancies(pool *p, const agenda_sources *src)
{
    agenda_pregnancy *out = pool_zalloc(p, sizeof *out * (size_t)(src->candidate_count + 1));
    for (int i = 0; i < src->candidate_count; i++) {
        const store_agenda_candidate *a = &src->candidates[i];
        out[i] = (agenda_pregnancy){.pregnancy_id = a->pregnancy_id,
                                    .kana = full_kana(p, &a->mother),
                                    .due_date = a->due_date,
                                    .notified_on = a->notified_on,
                                    .decided = a->decided,
                                    .case_id = a->case_id};
    }
    return out;
}

static svc_result build(svc_ctx *ctx, const char *kind, date_ymd on, svc_agenda *out)
{
    agenda_sources src = {.pool = ctx->pool};
    svc_alert *alerts = NULL;
    int alert_count = 0;
    int64_t since = 0;
    svc_result r = gather(ctx, on, &src, &alerts, &alert_count);
    if (r.status == SVC_OK)
        r = changes_since(ctx, kind, on, out, &since);
    if (r.status == SVC_OK)
        r = load_changes(ctx, &src, since);
    if (r.status != SVC_OK)
        return r;
    int room = src.case_count + src.candidate_count;
    agenda_item *items = pool_zalloc(ctx->pool, sizeof *items * (size_t)(room + 1));
    int n = agenda_build(agenda_kind_from_code(kind), on, src.cases, src.case_count,
                         as_pregnancies(ctx->pool, &src), src.candidate_count, items);
    out->lines = pool_zalloc(ctx->pool, sizeof *out->lines * (size_t)(n + 1));
    out->count = n;
    for (int i = 0; i < n && r.status == SVC_OK; i++) {
        out->lines[i].item = items[i];
        r = fill_line(ctx, &src, &out->lines[i], alerts, alert_count);
    }
    if (r.status == SVC_OK && !svc_audit_read_hourly(ctx, "agenda", kind, NULL))
        return svc_error();
    return r;
}

svc_result svc_conference_agenda(svc_ctx *ctx, const char *kind, const char *on, svc_agenda *out)
{
    *out = (svc_agenda){.kind = kind};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    if (!kind)
        return svc_missing("kind");
    if (agenda_kind_from_code(kind) == AGENDA_KIND_NONE)
        return svc_invalid("kind", "議題を作れる会議は joint_case、listup、youtaikyo_jitsumusha "
                                   "です。");
    out->on = ctx->today;
    if (on && !date_parse(on, strlen(on), &out->on))
        return svc_invalid("on", "日付は YYYY-MM-DD で入力してください。");
    /* One snapshot: the cases, the candidates and the changes agree. */
    if (ctx->in_transaction)
        return build(ctx, kind, out->on, out);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = build(ctx, kind, out->on, out);
    store_end_read(ctx->db);
    return r;
}

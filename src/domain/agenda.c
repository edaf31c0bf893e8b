#include "domain/agenda.h"

#include <stdlib.h>
#include <string.h>

static const char *const reason_codes[AGENDA_REASON_COUNT] = {
    [AGENDA_REGISTERED] = "registered",
    [AGENDA_CANDIDATE] = "candidate",
    [AGENDA_REVIEW_OVERDUE] = "review_overdue",
    [AGENDA_ALERT] = "alert",
};

static const char *const kind_codes[] = {
    [AGENDA_JOINT_CASE] = "joint_case",
    [AGENDA_LISTUP] = "listup",
    [AGENDA_YOUTAIKYO_JITSUMUSHA] = "youtaikyo_jitsumusha",
};

agenda_kind agenda_kind_from_code(const char *code)
{
    for (int k = AGENDA_JOINT_CASE; code && k <= AGENDA_YOUTAIKYO_JITSUMUSHA; k++)
        if (strcmp(kind_codes[k], code) == 0)
            return (agenda_kind)k;
    return AGENDA_KIND_NONE;
}

const char *agenda_reason_code(agenda_reason r)
{
    return r >= 0 && r < AGENDA_REASON_COUNT ? reason_codes[r] : NULL;
}

/* The date a candidate counts from: the due date, else the notification plus 10 months. */
static bool candidate_due(const agenda_pregnancy *p, date_ymd *out)
{
    if (p->due_date)
        return date_parse(p->due_date, strlen(p->due_date), out);
    if (!p->notified_on || !date_parse(p->notified_on, strlen(p->notified_on), out))
        return false;
    *out = date_add_months(*out, AGENDA_DUE_FROM_NOTIFICATION_MONTHS);
    return true;
}

bool agenda_candidate_open(const agenda_pregnancy *p, date_ymd on)
{
    date_ymd due;
    if (p->decided || !candidate_due(p, &due))
        return false;
    return date_compare(due, date_add_months(on, -AGENDA_CANDIDATE_MONTHS)) > 0;
}

static bool review_overdue(const agenda_case *c, date_ymd on)
{
    date_ymd next;
    return c->next_review_on && date_parse(c->next_review_on, strlen(c->next_review_on), &next) &&
           date_compare(next, on) < 0;
}

static agenda_item *case_item(agenda_item *out, int n, const char *case_id)
{
    for (int i = 0; i < n; i++)
        if (out[i].case_id && strcmp(out[i].case_id, case_id) == 0)
            return &out[i];
    return NULL;
}

static int first_reason(unsigned reasons)
{
    for (int r = 0; r < AGENDA_REASON_COUNT; r++)
        if (reasons & (1u << r))
            return r;
    return AGENDA_REASON_COUNT;
}

static int by_reason_then_kana(const void *x, const void *y)
{
    const agenda_item *a = x, *b = y;
    int ra = first_reason(a->reasons), rb = first_reason(b->reasons);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    int k = strcmp(a->kana ? a->kana : "", b->kana ? b->kana : "");
    if (k)
        return k;
    return strcmp(a->case_id ? a->case_id : a->pregnancy_id,
                  b->case_id ? b->case_id : b->pregnancy_id);
}

/* Every open case on its line (reasons 0 until one applies); the items without reason are
 * dropped at the end. */
static int case_lines(agenda_kind kind, date_ymd on, const agenda_case *cases, int ncases,
                      agenda_item *out)
{
    for (int i = 0; i < ncases; i++) {
        const agenda_case *c = &cases[i];
        unsigned reasons = 0;
        if (kind == AGENDA_YOUTAIKYO_JITSUMUSHA && c->registered)
            reasons |= 1u << AGENDA_REGISTERED;
        if (review_overdue(c, on))
            reasons |= 1u << AGENDA_REVIEW_OVERDUE;
        if (c->overdue_alert)
            reasons |= 1u << AGENDA_ALERT;
        out[i] = (agenda_item){.case_id = c->case_id, .kana = c->kana, .reasons = reasons};
    }
    return ncases;
}

int agenda_build(agenda_kind kind, date_ymd on, const agenda_case *cases, int ncases,
                 const agenda_pregnancy *pregnancies, int npregnancies, agenda_item *out)
{
    int n = case_lines(kind, on, cases, ncases, out);
    for (int i = 0; i < npregnancies; i++) {
        const agenda_pregnancy *p = &pregnancies[i];
        if (!agenda_candidate_open(p, on))
            continue;
        agenda_item *line = p->case_id ? case_item(out, ncases, p->case_id) : NULL;
        if (!line) {
            out[n++] = (agenda_item){.pregnancy_id = p->pregnancy_id,
                                     .kana = p->kana,
                                     .reasons = 1u << AGENDA_CANDIDATE};
            continue;
        }
        line->reasons |= 1u << AGENDA_CANDIDATE;
        if (line->candidate_count < 4)
            line->candidate_ids[line->candidate_count++] = p->pregnancy_id;
    }
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (out[i].reasons)
            out[kept++] = out[i];
    if (kept > 1)
        qsort(out, (size_t)kept, sizeof *out, by_reason_then_kana);
    return kept;
}

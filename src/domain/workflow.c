#include "domain/workflow.h"

#include "domain/date.h"

#include <stddef.h>

enum { KIND_COUNT = 2, NEXT_MAX = 3 };

/* The steps that may follow a status, in display order. */
typedef struct next_row {
    int count;
    report_step steps[NEXT_MAX];
} next_row;

/* NEXT(a, b, ...) is a row of those steps; a status missing from a kind's table has none. */
#define COUNT_OF_STEPS(...) ((int)(sizeof((report_step[]){__VA_ARGS__}) / sizeof(report_step)))
/* clang-format off */
#define NEXT(...) {COUNT_OF_STEPS(__VA_ARGS__), {__VA_ARGS__}}
/* clang-format on */

/* domain.md, "Abuse reports and consultations": the transition table. A safety_confirmed step
 * from juri or investigation may leave a child unconfirmed and the status where it was
 * (workflow_after), so those two rows keep offering it. */
static const next_row transitions[KIND_COUNT][STEP_COUNT] = {
    [REPORT_ABUSE] =
        {
            [STEP_RECEIVED] = NEXT(STEP_JURI),
            [STEP_JURI] = NEXT(STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED, STEP_REFERRED),
            [STEP_INVESTIGATION] = NEXT(STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED, STEP_REFERRED),
            [STEP_SAFETY_CONFIRMED] = NEXT(STEP_POLICY, STEP_REFERRED),
            [STEP_POLICY] = NEXT(STEP_SUPPORT, STEP_CLOSED, STEP_REFERRED),
            [STEP_SUPPORT] = NEXT(STEP_CLOSED, STEP_REFERRED),
            [STEP_REFERRED] = NEXT(STEP_CLOSED),
            /* closed: nothing */
        },
    [REPORT_CONSULTATION] =
        {
            [STEP_RECEIVED] = NEXT(STEP_JURI),
            [STEP_JURI] = NEXT(STEP_POLICY),
            [STEP_POLICY] = NEXT(STEP_SUPPORT),
            [STEP_SUPPORT] = NEXT(STEP_CLOSED),
            /* investigation, safety_confirmed, referred: never reached; closed: nothing */
        },
};

#undef NEXT
#undef COUNT_OF_STEPS

/* In enum order: a step's, kind's or urgency's index in its table is its enum value. */
static const vocab_code steps[STEP_COUNT + 1] = {
    [STEP_RECEIVED] = {"received", "受付"},
    [STEP_JURI] = {"juri", "受理会議"},
    [STEP_INVESTIGATION] = {"investigation", "調査"},
    [STEP_SAFETY_CONFIRMED] = {"safety_confirmed", "現認（安全確認）"},
    [STEP_POLICY] = {"policy", "支援方針"},
    [STEP_SUPPORT] = {"support", "支援"},
    [STEP_REFERRED] = {"referred", "送致（児童相談所）"},
    [STEP_CLOSED] = {"closed", "終結"},
    [STEP_COUNT] = {NULL, NULL},
};

static const vocab_code kinds[KIND_COUNT + 1] = {
    [REPORT_ABUSE] = {"abuse_report", "虐待通告"},
    [REPORT_CONSULTATION] = {"consultation", "相談"},
    [KIND_COUNT] = {NULL, NULL},
};

enum { URGENCY_COUNT = 4 };

static const vocab_code urgencies[URGENCY_COUNT + 1] = {
    [URGENCY_AA] = {"aa", "AA（緊急介入）"}, [URGENCY_A] = {"a", "A（早期対応）"},
    [URGENCY_B] = {"b", "B（継続支援）"},    [URGENCY_C] = {"c", "C（助言・情報提供）"},
    [URGENCY_COUNT] = {NULL, NULL},
};

const vocab workflow_report_kinds = {"report_kinds", kinds};
const vocab workflow_report_steps = {"report_steps", steps};
const vocab workflow_urgencies = {"urgencies", urgencies};

static bool kind_valid(report_kind k)
{
    return k >= 0 && (int)k < KIND_COUNT;
}

static bool step_valid(report_step s)
{
    return s >= 0 && s < STEP_COUNT;
}

static bool urgency_valid(urgency u)
{
    return u >= 0 && (int)u < URGENCY_COUNT;
}

report_kind workflow_kind_from_code(const char *code)
{
    int i = vocab_index(&workflow_report_kinds, code);
    return i < 0 ? REPORT_KIND_NONE : (report_kind)i;
}

const char *workflow_kind_code(report_kind k)
{
    return kind_valid(k) ? kinds[k].code : NULL;
}

const char *workflow_kind_label(report_kind k)
{
    return kind_valid(k) ? kinds[k].label : NULL;
}

report_step workflow_step_from_code(const char *code)
{
    int i = vocab_index(&workflow_report_steps, code);
    return i < 0 ? STEP_NONE : (report_step)i;
}

const char *workflow_step_code(report_step s)
{
    return step_valid(s) ? steps[s].code : NULL;
}

const char *workflow_step_label(report_step s)
{
    return step_valid(s) ? steps[s].label : NULL;
}

bool workflow_allowed(report_kind k, report_step status, report_step step)
{
    if (!kind_valid(k) || !step_valid(status) || !step_valid(step))
        return false;
    const next_row *row = &transitions[k][status];
    for (int i = 0; i < row->count; i++) {
        if (row->steps[i] == step)
            return true;
    }
    return false;
}

report_step workflow_after(report_kind k, report_step status, report_step step,
                           bool all_children_confirmed)
{
    if (!workflow_allowed(k, status, step))
        return STEP_NONE;
    if (step == STEP_SAFETY_CONFIRMED && !all_children_confirmed)
        return status;
    return step;
}

int workflow_next_steps(report_kind k, report_step status, report_step out[STEP_COUNT])
{
    if (!kind_valid(k) || !step_valid(status))
        return 0;
    const next_row *row = &transitions[k][status];
    for (int i = 0; i < row->count; i++)
        out[i] = row->steps[i];
    return row->count;
}

bool workflow_late_confirmation(report_kind k, report_step status)
{
    return k == REPORT_ABUSE && (status == STEP_POLICY || status == STEP_SUPPORT);
}

bool workflow_may_record(report_kind k, report_step status, report_step step, bool child_unseen)
{
    if (workflow_allowed(k, status, step))
        return true;
    return step == STEP_SAFETY_CONFIRMED && child_unseen && workflow_late_confirmation(k, status);
}

int workflow_offered_steps(report_kind k, report_step status, bool child_unseen,
                           report_step out[STEP_COUNT])
{
    if (!(child_unseen && workflow_late_confirmation(k, status)))
        return workflow_next_steps(k, status, out);
    report_step rest[STEP_COUNT];
    int n = workflow_next_steps(k, status, rest);
    out[0] = STEP_SAFETY_CONFIRMED;
    for (int i = 0; i < n && i + 1 < STEP_COUNT; i++)
        out[i + 1] = rest[i];
    return n + 1 < STEP_COUNT ? n + 1 : STEP_COUNT;
}

const char *workflow_correction_code(void)
{
    return "correction";
}

const char *workflow_correction_label(void)
{
    return "記録の取り消し";
}

bool workflow_event_stands(const workflow_event *e)
{
    if (!step_valid(e->step) || e->corrected)
        return false;
    return e->step != STEP_SAFETY_CONFIRMED || e->children != 0;
}

workflow_correction workflow_may_correct(const workflow_event *events, int n, int target)
{
    if (target < 0 || target >= n)
        return CORRECTION_NO_SUCH_EVENT;
    const workflow_event *e = &events[target];
    if (!step_valid(e->step) || e->step == STEP_RECEIVED)
        return CORRECTION_NOT_A_STEP;
    if (!workflow_event_stands(e))
        return CORRECTION_ALREADY;
    if (e->step == STEP_SAFETY_CONFIRMED)
        return CORRECTION_ALLOWED;
    for (int i = target + 1; i < n; i++) {
        if (workflow_event_stands(&events[i]))
            return CORRECTION_NOT_LATEST;
    }
    return CORRECTION_ALLOWED;
}

workflow_state workflow_replay(report_kind k, const workflow_event *events, int n, int child_count)
{
    workflow_state st = {.status = STEP_RECEIVED, .juri = -1, .support = -1};
    if (!kind_valid(k))
        return (workflow_state){.status = STEP_NONE, .juri = -1, .support = -1};
    if (child_count < 0)
        child_count = 0;
    if (child_count > WORKFLOW_CHILDREN_MAX)
        child_count = WORKFLOW_CHILDREN_MAX;
    uint32_t all = child_count == WORKFLOW_CHILDREN_MAX ? UINT32_MAX
                                                        : ((uint32_t)1 << child_count) - 1,
             seen = 0;
    for (int i = 0; i < n; i++) {
        const workflow_event *e = &events[i];
        if (!workflow_event_stands(e) || e->step == STEP_RECEIVED)
            continue;
        if (e->step == STEP_SAFETY_CONFIRMED) {
            seen |= e->children;
            report_step after = workflow_after(k, st.status, e->step, (seen & all) == all);
            if (after != STEP_NONE)
                st.status = after;
            continue;
        }
        st.status = e->step;
        if (e->step == STEP_JURI)
            st.juri = i;
        if (e->step == STEP_SUPPORT)
            st.support = i;
    }
    return st;
}

workflow_received_check workflow_check_received_at(int64_t received_at, int64_t now)
{
    if (received_at < date_jst_midnight((date_ymd){1900, 1, 1}))
        return RECEIVED_TOO_EARLY;
    if (now <= INT64_MAX - 24 * 3600 && received_at > now + 24 * 3600)
        return RECEIVED_FUTURE;
    return RECEIVED_OK;
}

int64_t workflow_safety_due(int64_t received_at)
{
    if (received_at > INT64_MAX - SAFETY_DEADLINE_SECONDS)
        return INT64_MAX;
    return received_at + SAFETY_DEADLINE_SECONDS;
}

urgency workflow_urgency_from_code(const char *code)
{
    int i = vocab_index(&workflow_urgencies, code);
    return i < 0 ? URGENCY_NONE : (urgency)i;
}

const char *workflow_urgency_code(urgency u)
{
    return urgency_valid(u) ? urgencies[u].code : NULL;
}

const char *workflow_urgency_label(urgency u)
{
    return urgency_valid(u) ? urgencies[u].label : NULL;
}

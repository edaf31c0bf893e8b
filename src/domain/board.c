#include "domain/board.h"

#include <string.h>

static const vocab_code plan_status_codes[] = {
    [BOARD_PLAN_NONE] = {"none", "なし"},
    [BOARD_PLAN_DRAFT] = {"draft", "案（承認待ち）"},
    [BOARD_PLAN_APPROVED] = {"approved", "承認済み"},
    [BOARD_PLAN_REVIEW_OVERDUE] = {"review_overdue", "見直し期限超過"},
    {NULL, NULL},
};
const vocab board_plan_statuses = {"board_plan_statuses", plan_status_codes};

const char *board_plan_status_code(board_plan_status s)
{
    return s >= BOARD_PLAN_NONE && s <= BOARD_PLAN_REVIEW_OVERDUE ? plan_status_codes[s].code : "";
}

bool board_date_overdue(const char *due_on, date_ymd today)
{
    date_ymd d;
    if (!due_on || !date_parse(due_on, strlen(due_on), &d))
        return false;
    return date_compare(d, today) < 0;
}

bool board_case_overdue(const char *next_review_on, const char *earliest_action_due_on,
                        const char *approved_review_on, date_ymd today)
{
    return board_date_overdue(next_review_on, today) ||
           board_date_overdue(earliest_action_due_on, today) ||
           board_date_overdue(approved_review_on, today);
}

board_plan_status board_plan_status_of(const board_plan_facts *f, date_ymd today)
{
    if (!f->written)
        return BOARD_PLAN_NONE;
    if (f->has_approved && board_date_overdue(f->approved_review_on, today))
        return BOARD_PLAN_REVIEW_OVERDUE;
    return f->newest_is_draft ? BOARD_PLAN_DRAFT : BOARD_PLAN_APPROVED;
}

/* NULL after every text (a case without a next review date goes last). */
static int compare_nullable(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

int board_compare(const board_order_key *a, const board_order_key *b)
{
    if (a->mine != b->mine)
        return a->mine ? -1 : 1;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    int c = compare_nullable(a->next_review_on, b->next_review_on);
    if (c == 0)
        c = compare_nullable(a->kana, b->kana);
    if (c == 0)
        c = compare_nullable(a->case_id, b->case_id);
    return c;
}

#include "domain/plan.h"

#include <string.h>

const char *const plan_field_names[PLAN_FIELD_COUNT] = {
    "subject_ids",      "guardian_wishes", "child_views",        "situation", "long_term_goal",
    "short_term_goals", "services",        "emergency_contacts", "review_on", "handed_on",
};

/* Two optional texts are equal; an empty text is as good as none. */
static bool same(const char *a, const char *b)
{
    a = a && *a ? a : NULL;
    b = b && *b ? b : NULL;
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool holds(const plan_content *c, const char *id)
{
    for (int i = 0; i < c->subject_count; i++)
        if (strcmp(c->subject_ids[i], id) == 0)
            return true;
    return false;
}

static bool same_subjects(const plan_content *a, const plan_content *b)
{
    for (int i = 0; i < a->subject_count; i++)
        if (!holds(b, a->subject_ids[i]))
            return false;
    for (int i = 0; i < b->subject_count; i++)
        if (!holds(a, b->subject_ids[i]))
            return false;
    return true;
}

static bool same_services(const plan_content *a, const plan_content *b)
{
    if (a->service_count != b->service_count)
        return false;
    for (int i = 0; i < a->service_count; i++) {
        const plan_service *x = &a->services[i], *y = &b->services[i];
        if (!same(x->what, y->what) || !same(x->who, y->who) || !same(x->how_often, y->how_often) ||
            !same(x->from_on, y->from_on) || !same(x->to_on, y->to_on))
            return false;
    }
    return true;
}

static bool same_contacts(const plan_content *a, const plan_content *b)
{
    if (a->contact_count != b->contact_count)
        return false;
    for (int i = 0; i < a->contact_count; i++) {
        const plan_contact *x = &a->contacts[i], *y = &b->contacts[i];
        if (!same(x->name, y->name) || !same(x->relation, y->relation) || !same(x->phone, y->phone))
            return false;
    }
    return true;
}

int plan_changes(const plan_content *prev, const plan_content *cur,
                 const char *out[PLAN_FIELD_COUNT])
{
    if (!prev)
        return 0;
    bool differs[PLAN_FIELD_COUNT] = {
        !same_subjects(prev, cur),
        !same(prev->guardian_wishes, cur->guardian_wishes),
        !same(prev->child_views, cur->child_views),
        !same(prev->situation, cur->situation),
        !same(prev->long_term_goal, cur->long_term_goal),
        !same(prev->short_term_goals, cur->short_term_goals),
        !same_services(prev, cur),
        !same_contacts(prev, cur),
        !same(prev->review_on, cur->review_on),
        !same(prev->handed_on, cur->handed_on),
    };
    int n = 0;
    for (int i = 0; i < PLAN_FIELD_COUNT; i++)
        if (differs[i])
            out[n++] = plan_field_names[i];
    return n;
}

date_ymd plan_review_after_approval(date_ymd approved_on, int months)
{
    return date_add_months(approved_on, months);
}

bool plan_next_review_valid(date_ymd on, date_ymd review_on)
{
    return date_compare(review_on, on) > 0;
}

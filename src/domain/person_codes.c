#include "domain/person_codes.h"

#include <stddef.h>

static const vocab_code sex_codes[] = {
    {"female", "女性"},
    {"male", "男性"},
    {"unknown", "不明"},
    {NULL, NULL},
};
const vocab person_sexes = {"sexes", sex_codes};

static const vocab_code sex_marks[] = {
    {"female", "女"},
    {"male", "男"},
    {"unknown", "不明"},
    {NULL, NULL},
};
const vocab person_sex_marks = {"sex_marks", sex_marks};

static const vocab_code relation_codes[] = {
    {"mother", "母"},          {"father", "父"},
    {"child", "子"},           {"partner", "パートナー"},
    {"grandparent", "祖父母"}, {"sibling", "きょうだい"},
    {"other", "その他"},       {NULL, NULL},
};
const vocab household_relations = {"relations", relation_codes};

bool person_sex_from_code(const char *code, person_sex *out)
{
    int i = vocab_index(&person_sexes, code);
    if (i < 0)
        return false;
    *out = (person_sex)i;
    return true;
}

bool household_relation_from_code(const char *code, household_relation *out)
{
    int i = vocab_index(&household_relations, code);
    if (i < 0)
        return false;
    *out = (household_relation)i;
    return true;
}

const char *person_sex_code(person_sex s)
{
    return sex_codes[s].code;
}

const char *household_relation_code(household_relation r)
{
    return relation_codes[r].code;
}

const char *household_relation_label(household_relation r)
{
    return relation_codes[r].label;
}

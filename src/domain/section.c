#include "domain/section.h"

#include <stdbool.h>
#include <stddef.h>

static const vocab_code sections[] = {
    [SECTION_HEALTH] = {"health", "母子保健"},
    [SECTION_WELFARE] = {"welfare", "児童福祉"},
    [SECTION_COMMON] = {"common", "共通"},
    [SECTION_CASE] = {"case", "ケース（合同）"},
    {NULL, NULL},
};
const vocab sections_vocab = {"sections", sections};

section section_from_code(const char *code)
{
    int i = vocab_index(&sections_vocab, code);
    return i < 0 ? SECTION_NONE : (section)i;
}

static bool known(section s)
{
    return s >= SECTION_HEALTH && s <= SECTION_CASE;
}

const char *section_code(section s)
{
    return known(s) ? sections[s].code : "";
}

const char *section_label(section s)
{
    return known(s) ? sections[s].label : "";
}

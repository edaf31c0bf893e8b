#include "domain/vocab.h"
#include "auth/accounts.h"
#include "auth/roles.h"
#include "domain/audit_codes.h"
#include "domain/section.h"

#include <string.h>

int vocab_index(const vocab *v, const char *code)
{
    for (int i = 0; code && v->codes[i].code; i++)
        if (strcmp(v->codes[i].code, code) == 0)
            return i;
    return -1;
}

const char *vocab_label(const vocab *v, const char *code)
{
    int i = vocab_index(v, code);
    return i < 0 ? NULL : v->codes[i].label;
}

/* One line per table; each is defined beside the rules that use it. */
const vocab *const *vocab_all(void)
{
    static const vocab *const all[] = {
        &roles_vocab,           &sections_vocab,
        &audit_actions_vocab,   &audit_object_types_vocab,
        &pending_reasons_vocab, NULL,
    };
    return all;
}

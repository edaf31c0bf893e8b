#include "domain/vocab.h"

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

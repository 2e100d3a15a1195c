#include "tg_out.h"

#include <stdlib.h>
#include <string.h>

int tg_out_push(tg_out *out, uint32_t delay_ms, char *text)
{
    if (!text) {
        out->oom = 1;
        return -1;
    }
    if (out->count == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 4;
        tg_msg *m = realloc(out->msgs, cap * sizeof *m);
        if (!m) {
            free(text);
            out->oom = 1;
            return -1;
        }
        out->msgs = m;
        out->cap = cap;
    }
    out->msgs[out->count].delay_ms = delay_ms;
    out->msgs[out->count].text = text;
    out->count++;
    return 0;
}

void tg_out_free(tg_out *out)
{
    for (size_t i = 0; i < out->count; i++)
        free(out->msgs[i].text);
    free(out->msgs);
    memset(out, 0, sizeof *out);
}

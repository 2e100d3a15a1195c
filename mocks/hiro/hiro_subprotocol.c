/* Sec-WebSocket-Protocol offers of HIRO clients and the server's choice. */
#include "hiro_subprotocol.h"

#include <stdlib.h>
#include <string.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

void hiro_offer_free(hiro_offer *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nprotocols; i++)
        free(o->protocols[i]);
    free(o->token);
    memset(o, 0, sizeof *o);
}

int hiro_offer_parse(const char *header, hiro_offer *out)
{
    memset(out, 0, sizeof *out);
    size_t entries = 0;
    for (const char *p = header; p && *p;) {
        while (*p == ',' || is_blank(*p))
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && is_blank(end[-1]))
            end--;
        if (end == start || entries == HIRO_OFFER_MAX_ENTRIES)
            continue;
        entries++;
        size_t n = (size_t)(end - start);
        if (n >= 6 && memcmp(start, "token-", 6) == 0) {
            if (out->token)
                continue; /* the first token entry counts */
            out->token = strndup(start + 6, n - 6);
            if (!out->token)
                goto oom;
        } else {
            char *e = strndup(start, n);
            if (!e)
                goto oom;
            out->protocols[out->nprotocols++] = e;
        }
    }
    return 0;
oom:
    hiro_offer_free(out);
    return -1;
}

hiro_select hiro_select_protocol(const hiro_offer *o, hiro_endpoint ep, bool lenient, const char **name)
{
    *name = NULL;
    if (lenient) {
        if (o->nprotocols == 0)
            return HIRO_SELECT_NONE;
        *name = o->protocols[0];
        return HIRO_SELECT_PROTOCOL;
    }
    const char *own = ep == HIRO_EP_EVENTS ? HIRO_PROTO_EVENTS : HIRO_PROTO_GRAPH;
    for (size_t i = 0; i < o->nprotocols; i++)
        if (strcmp(o->protocols[i], own) == 0) {
            *name = own;
            return HIRO_SELECT_PROTOCOL;
        }
    return HIRO_SELECT_REFUSE;
}

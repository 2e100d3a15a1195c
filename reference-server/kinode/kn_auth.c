#include "kn_auth.h"

#include <stdio.h>
#include <string.h>

const char *kn_cookie_value(const char *header, const char *name, size_t *len)
{
    if (!header)
        return NULL;
    size_t nl = strlen(name);
    const char *p = header;
    for (;;) {
        const char *end = strstr(p, "; ");
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', plen);
        /* exactly one '=' in the piece */
        if (eq && !memchr(eq + 1, '=', plen - (size_t)(eq + 1 - p)) && (size_t)(eq - p) == nl &&
            memcmp(p, name, nl) == 0) {
            *len = plen - nl - 1;
            return eq + 1;
        }
        if (!end)
            return NULL;
        p = end + 2;
    }
}

bool kn_cookie_name(const char *node, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "kinode-auth_%s", node);
    return n > 0 && (size_t)n < outlen;
}

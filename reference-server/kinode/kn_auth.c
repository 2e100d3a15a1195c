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

bool kn_secure_cookie_name(const char *node, const char *process, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "kinode-auth_%s@%s", node, process);
    return n > 0 && (size_t)n < outlen;
}

bool kn_secure_subdomain(const char *process, char *out, size_t outlen)
{
    const char *colon = strchr(process, ':');
    if (!colon || !strchr(colon + 1, ':'))
        return false;
    size_t len = strlen(colon + 1);
    if (len + 1 > outlen)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = colon[1 + i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        out[i] = alnum ? c : '-';
    }
    out[len] = '\0';
    return true;
}

/* Query strings and cookies: pure string functions, no allocation. */
#include "http_util.h"

#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long wsrv_pct_decode(const char *src, size_t len, bool plus_is_space, char *out, size_t outlen)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%' && i + 2 < len && hex_value(src[i + 1]) >= 0 && hex_value(src[i + 2]) >= 0) {
            c = (char)(hex_value(src[i + 1]) * 16 + hex_value(src[i + 2]));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (n + 1 >= outlen)
            return -1;
        out[n++] = c;
    }
    if (outlen == 0)
        return -1;
    out[n] = '\0';
    return (long)n;
}

bool wsrv_pct_encode(char *out, size_t cap, size_t *at, const char *data, size_t len, const char *keep)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '.' || c == '_' || c == '~' || (c && keep && strchr(keep, c));
        size_t need = plain ? 1 : 3;
        if (*at + need >= cap) {
            if (cap)
                out[*at < cap ? *at : cap - 1] = '\0';
            return false;
        }
        if (plain) {
            out[(*at)++] = (char)c;
        } else {
            out[(*at)++] = '%';
            out[(*at)++] = hex[c >> 4];
            out[(*at)++] = hex[c & 15];
        }
    }
    if (*at < cap)
        out[*at] = '\0';
    return true;
}

const char *wsrv_query_param(const char *query, const char *name, char *out, size_t outlen)
{
    if (!query || !name || !out || outlen == 0)
        return NULL;
    size_t name_len = strlen(name);
    const char *p = query;
    while (*p) {
        const char *end = strchr(p, '&');
        size_t part_len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', part_len);
        size_t key_len = eq ? (size_t)(eq - p) : part_len;
        /* Names are compared after decoding, so "a%5Fb" matches "a_b". */
        char key[256];
        long kn = key_len < sizeof key ? wsrv_pct_decode(p, key_len, true, key, sizeof key) : -1;
        if (kn >= 0 && (size_t)kn == name_len && memcmp(key, name, name_len) == 0) {
            if (!eq) {
                out[0] = '\0';
                return out;
            }
            long vn = wsrv_pct_decode(eq + 1, part_len - key_len - 1, true, out, outlen);
            return vn < 0 ? NULL : out;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return NULL;
}

/* Cookie: a=1; b="two"  (RFC 6265 section 4.2.1; values may be double-quoted). */
const char *wsrv_cookie(const char *cookie_header, const char *name, char *out, size_t outlen)
{
    if (!cookie_header || !name || !out || outlen == 0)
        return NULL;
    size_t name_len = strlen(name);
    const char *p = cookie_header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, ';');
        size_t pair_len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', pair_len);
        if (eq) {
            size_t key_len = (size_t)(eq - p);
            while (key_len && (p[key_len - 1] == ' ' || p[key_len - 1] == '\t'))
                key_len--;
            if (key_len == name_len && memcmp(p, name, name_len) == 0) {
                const char *v = eq + 1;
                size_t vlen = pair_len - (size_t)(v - p);
                while (vlen && (*v == ' ' || *v == '\t'))
                    v++, vlen--;
                while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                    vlen--;
                if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
                    v++, vlen -= 2;
                if (vlen + 1 > outlen)
                    return NULL;
                memcpy(out, v, vlen);
                out[vlen] = '\0';
                return out;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return NULL;
}

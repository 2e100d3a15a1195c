#include "kn_utf8.h"

#include <stdlib.h>
#include <string.h>

/* Length of the well-formed sequence at s[i], or 0 with *bad set to the length of the
 * maximal subpart that has to be replaced (at least 1). */
static size_t kn_utf8_seq(const unsigned char *s, size_t n, size_t i, size_t *bad)
{
    unsigned char b = s[i];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        need = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        need = 3;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
        if (i + k >= n || s[i + k] < min || s[i + k] > max) {
            *bad = k;
            return 0;
        }
    }
    return need;
}

bool kn_utf8_valid(const void *s, size_t n)
{
    const unsigned char *p = s;
    size_t bad;
    for (size_t i = 0; i < n;) {
        size_t len = kn_utf8_seq(p, n, i, &bad);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

static char *kn_utf8_convert(const void *s, size_t n, size_t *outlen, bool replace)
{
    const unsigned char *p = s;
    /* Worst case: every byte becomes a 3-byte U+FFFD. */
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0, bad;
    for (size_t i = 0; i < n;) {
        size_t len = kn_utf8_seq(p, n, i, &bad);
        if (len) {
            memcpy(out + o, p + i, len);
            o += len;
            i += len;
        } else {
            if (replace) {
                memcpy(out + o, "\xEF\xBF\xBD", 3);
                o += 3;
            }
            i += bad;
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

char *kn_utf8_lossy(const void *s, size_t n, size_t *outlen)
{
    return kn_utf8_convert(s, n, outlen, true);
}

char *kn_utf8_drop_invalid(const void *s, size_t n, size_t *outlen)
{
    return kn_utf8_convert(s, n, outlen, false);
}

/* Sanitising and escaping text for XML 1.0 (see xml_text.h). */
#include "xml_text.h"

#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length and
 * sets *cp, or returns 0 for an invalid, overlong, surrogate or truncated one. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* Length of an ANSI escape sequence starting with ESC at s: CSI (ESC [ params
 * final-byte), OSC (ESC ] ... BEL or ESC \) or a two-byte escape. */
static size_t ansi_length(const unsigned char *s, size_t n)
{
    if (n < 2) return 1;
    if (s[1] == '[') {
        size_t i = 2;
        while (i < n && s[i] >= 0x20 && s[i] <= 0x3F) i++;  /* parameter and intermediate bytes */
        return i < n && s[i] >= 0x40 && s[i] <= 0x7E ? i + 1 : 1;
    }
    if (s[1] == ']') {
        for (size_t i = 2; i < n; i++) {
            if (s[i] == 0x07) return i + 1;
            if (s[i] == 0x1B && i + 1 < n && s[i + 1] == '\\') return i + 2;
        }
        return 1;
    }
    return s[1] >= 0x40 && s[1] <= 0x5F ? 2 : 1;
}

static int xml_allowed(unsigned long cp)
{
    if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
}

static const char *entity(unsigned long cp, wsc_xml_context ctx)
{
    switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";  /* also keeps "]]>" out of content */
    }
    if (ctx == WSC_XML_ATTRIBUTE) {
        switch (cp) {
        case '"': return "&quot;";
        case '\t': return "&#9;";   /* attribute normalisation would turn these into spaces */
        case '\n': return "&#10;";
        case '\r': return "&#13;";
        }
    } else if (cp == '\r') {
        return "&#13;";  /* a parser would fold a literal CR into LF */
    }
    return NULL;
}

size_t wsc_xml_write(FILE *f, const char *s, size_t len, wsc_xml_context ctx, size_t limit)
{
    static const char replacement[] = "\xEF\xBF\xBD";  /* U+FFFD */
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, written = 0;
    while (i < len) {
        unsigned long cp;
        size_t step = utf8_decode(p + i, len - i, &cp);
        const char *out;
        size_t out_len;
        if (step == 0) {
            step = 1;
            out = replacement, out_len = 3;
        } else if (cp == 0x1B) {
            step = ansi_length(p + i, len - i);
            out = "", out_len = 0;
        } else if (!xml_allowed(cp)) {
            out = "", out_len = 0;
        } else if ((out = entity(cp, ctx)) != NULL) {
            out_len = strlen(out);
        } else {
            out = (const char *)p + i, out_len = step;
        }
        if (limit && written + out_len > limit) break;
        if (out_len) fwrite(out, 1, out_len, f);
        written += out_len;
        i += step;
    }
    return i;
}

void wsc_xml_puts(FILE *f, const char *s, wsc_xml_context ctx)
{
    if (s) wsc_xml_write(f, s, strlen(s), ctx, 0);
}

char *wsc_utf8_clean(const char *s, size_t len)
{
    /* Each input byte becomes at most three output bytes (one U+FFFD). */
    char *out = malloc(len * 3 + 1);
    if (!out) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        unsigned long cp;
        size_t step = utf8_decode(p + i, len - i, &cp);
        if (step == 0 || cp == 0) {  /* NUL would end the C string early */
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += 1;
        } else {
            memcpy(out + o, p + i, step);
            o += step;
            i += step;
        }
    }
    out[o] = '\0';
    return out;
}

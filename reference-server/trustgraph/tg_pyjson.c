#include "tg_pyjson.h"

#include <stdio.h>
#include <string.h>

typedef struct scan {
    const unsigned char *s;
    size_t len, pos;
    char *msg;
    size_t msglen;
    bool failed;
} scan;

/* Python positions count code points: bytes that are not UTF-8 continuation bytes. */
static size_t chars_before(const scan *sc, size_t byte_pos)
{
    size_t n = 0;
    for (size_t i = 0; i < byte_pos && i < sc->len; i++)
        if ((sc->s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static void error_at(scan *sc, const char *what, size_t byte_pos)
{
    if (sc->failed)
        return;
    sc->failed = true;
    size_t line = 1, last_nl_char = 0;
    bool seen_nl = false;
    size_t ch = 0;
    for (size_t i = 0; i < byte_pos && i < sc->len; i++) {
        if ((sc->s[i] & 0xC0) == 0x80)
            continue;
        if (sc->s[i] == '\n') {
            line++;
            last_nl_char = ch;
            seen_nl = true;
        }
        ch++;
    }
    size_t pos = chars_before(sc, byte_pos);
    size_t col = seen_nl ? pos - last_nl_char : pos + 1;
    snprintf(sc->msg, sc->msglen, "%s: line %zu column %zu (char %zu)", what, line, col, pos);
}

static void skip_ws(scan *sc)
{
    while (sc->pos < sc->len) {
        unsigned char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->pos++;
    }
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void scan_string(scan *sc)
{
    size_t start = sc->pos++;   /* the opening quote */
    while (sc->pos < sc->len) {
        unsigned char c = sc->s[sc->pos];
        if (c == '"') {
            sc->pos++;
            return;
        }
        if (c < 0x20) {
            error_at(sc, "Invalid control character at", sc->pos);
            return;
        }
        if (c == '\\') {
            if (sc->pos + 1 >= sc->len)
                break;
            unsigned char e = sc->s[sc->pos + 1];
            if (e == 'u') {
                for (int k = 2; k < 6; k++) {
                    if (sc->pos + (size_t)k >= sc->len || !is_hex(sc->s[sc->pos + (size_t)k])) {
                        error_at(sc, "Invalid \\uXXXX escape", sc->pos);
                        return;
                    }
                }
                sc->pos += 6;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || e == '\0') {
                error_at(sc, "Invalid \\escape", sc->pos);
                return;
            }
            sc->pos += 2;
            continue;
        }
        sc->pos++;
    }
    error_at(sc, "Unterminated string starting at", start);
}

static bool literal(scan *sc, const char *word)
{
    size_t n = strlen(word);
    if (sc->len - sc->pos >= n && memcmp(sc->s + sc->pos, word, n) == 0) {
        sc->pos += n;
        return true;
    }
    return false;
}

static void scan_value(scan *sc, int depth);

static void recursion(scan *sc, const char *kind)
{
    if (sc->failed)
        return;
    sc->failed = true;
    snprintf(sc->msg, sc->msglen, "maximum recursion depth exceeded while decoding a JSON %s from a unicode string", kind);
}

static void scan_object(scan *sc, int depth)
{
    if (depth > TG_PYJSON_MAX_DEPTH) {
        recursion(sc, "object");
        return;
    }
    sc->pos++;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
        sc->pos++;
        return;
    }
    for (;;) {
        if (sc->pos >= sc->len || sc->s[sc->pos] != '"') {
            error_at(sc, "Expecting property name enclosed in double quotes", sc->pos);
            return;
        }
        scan_string(sc);
        if (sc->failed)
            return;
        skip_ws(sc);
        if (sc->pos >= sc->len || sc->s[sc->pos] != ':') {
            error_at(sc, "Expecting ':' delimiter", sc->pos);
            return;
        }
        sc->pos++;
        skip_ws(sc);
        scan_value(sc, depth);
        if (sc->failed)
            return;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
            sc->pos++;
            return;
        }
        if (sc->pos >= sc->len || sc->s[sc->pos] != ',') {
            error_at(sc, "Expecting ',' delimiter", sc->pos);
            return;
        }
        sc->pos++;
        skip_ws(sc);
    }
}

static void scan_array(scan *sc, int depth)
{
    if (depth > TG_PYJSON_MAX_DEPTH) {
        recursion(sc, "array");
        return;
    }
    sc->pos++;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
        sc->pos++;
        return;
    }
    for (;;) {
        scan_value(sc, depth);
        if (sc->failed)
            return;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
            sc->pos++;
            return;
        }
        if (sc->pos >= sc->len || sc->s[sc->pos] != ',') {
            error_at(sc, "Expecting ',' delimiter", sc->pos);
            return;
        }
        sc->pos++;
        skip_ws(sc);
    }
}

static void scan_number(scan *sc)
{
    size_t p = sc->pos;
    if (p < sc->len && sc->s[p] == '-')
        p++;
    if (p >= sc->len || !is_digit(sc->s[p])) {
        error_at(sc, "Expecting value", sc->pos);
        return;
    }
    if (sc->s[p] == '0')
        p++;
    else
        while (p < sc->len && is_digit(sc->s[p]))
            p++;
    if (p + 1 < sc->len && sc->s[p] == '.' && is_digit(sc->s[p + 1])) {
        p++;
        while (p < sc->len && is_digit(sc->s[p]))
            p++;
    }
    if (p < sc->len && (sc->s[p] == 'e' || sc->s[p] == 'E')) {
        size_t q = p + 1;
        if (q < sc->len && (sc->s[q] == '+' || sc->s[q] == '-'))
            q++;
        if (q < sc->len && is_digit(sc->s[q])) {
            while (q < sc->len && is_digit(sc->s[q]))
                q++;
            p = q;
        }
    }
    sc->pos = p;
}

static void scan_value(scan *sc, int depth)
{
    if (sc->pos >= sc->len) {
        error_at(sc, "Expecting value", sc->pos);
        return;
    }
    unsigned char c = sc->s[sc->pos];
    if (c == '{')
        scan_object(sc, depth + 1);
    else if (c == '[')
        scan_array(sc, depth + 1);
    else if (c == '"')
        scan_string(sc);
    else if (c == '-' || is_digit(c))
        scan_number(sc);
    else if (!literal(sc, "true") && !literal(sc, "false") && !literal(sc, "null"))
        error_at(sc, "Expecting value", sc->pos);
}

/* Python decodes a binary frame as UTF-8 before parsing; report what its codec says. */
static bool check_utf8(const unsigned char *s, size_t len, char *msg, size_t msglen)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t need;
        unsigned min_second = 0x80, max_second = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                min_second = 0xA0;
            if (c == 0xED)
                max_second = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                min_second = 0x90;
            if (c == 0xF4)
                max_second = 0x8F;
        } else {
            snprintf(msg, msglen, "'utf-8' codec can't decode byte 0x%02x in position %zu: invalid start byte", c, i);
            return false;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len) {
                snprintf(msg, msglen, "'utf-8' codec can't decode byte 0x%02x in position %zu: unexpected end of data", c, i);
                return false;
            }
            unsigned char d = s[i + k];
            unsigned lo = k == 1 ? min_second : 0x80, hi = k == 1 ? max_second : 0xBF;
            if (d < lo || d > hi) {
                snprintf(msg, msglen, "'utf-8' codec can't decode byte 0x%02x in position %zu: invalid continuation byte", c, i);
                return false;
            }
        }
        i += need + 1;
    }
    return true;
}

bool tg_pyjson_check(const char *data, size_t len, char *msg, size_t msglen)
{
    if (!check_utf8((const unsigned char *)data, len, msg, msglen))
        return false;
    scan sc = { .s = (const unsigned char *)data, .len = len, .msg = msg, .msglen = msglen };
    skip_ws(&sc);
    scan_value(&sc, 0);
    if (!sc.failed) {
        skip_ws(&sc);
        if (sc.pos < sc.len)
            error_at(&sc, "Extra data", sc.pos);
    }
    return !sc.failed;
}

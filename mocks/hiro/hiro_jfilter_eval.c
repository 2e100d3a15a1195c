/* jfilter evaluation against an event, and the canonical printer. Semantics
 * (mocks/README.md, "HIRO jfilter"): exact case; '*' matches zero or more bytes;
 * "(x=*)" asks for presence; '!=' is the negation of '=' and so true for an absent
 * attribute; ordering operators compare numbers only; a list attribute matches when
 * one of its items does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_jfilter_tree.h"

/* Leftmost occurrence of needle in hay[from..to), or -1 (Knuth-Morris-Pratt with the
 * table made at parse time: linear in the haystack whatever the pattern). */
static long find_bytes(const char *hay, size_t from, size_t to, const hiro_jf_bytes *needle)
{
    if (needle->len == 0)
        return (long)from;
    if (needle->len > to - from)
        return -1;
    size_t m = 0;
    for (size_t i = from; i < to; i++) {
        while (m > 0 && hay[i] != needle->bytes[m])
            m = needle->kmp[m - 1];
        if (hay[i] == needle->bytes[m])
            m++;
        if (m == needle->len)
            return (long)(i + 1 - m);
    }
    return -1;
}

/* Value pattern against subject s[0..n): exact when there is one segment, otherwise
 * first segment as prefix, last as suffix, the middle ones in order between them. */
static bool pattern_match(const hiro_jfilter *f, const char *s, size_t n)
{
    const hiro_jf_bytes *first = &f->segs[0];
    if (f->nsegs == 1)
        return n == first->len && memcmp(s, first->bytes, n) == 0;
    const hiro_jf_bytes *last = &f->segs[f->nsegs - 1];
    if (first->len + last->len > n)
        return false;
    if (memcmp(s, first->bytes, first->len) != 0 || memcmp(s + n - last->len, last->bytes, last->len) != 0)
        return false;
    size_t at = first->len, end = n - last->len;
    for (size_t i = 1; i + 1 < f->nsegs; i++) {
        long hit = find_bytes(s, at, end, &f->segs[i]);
        if (hit < 0)
            return false;
        at = (size_t)hit + f->segs[i].len;
    }
    return true;
}

/* The shortest text that reads back as d ("5", "1.5", "0.1"). */
static void number_text(double d, char buf[40])
{
    snprintf(buf, 40, "%.15g", d);
    if (strtod(buf, NULL) != d)
        snprintf(buf, 40, "%.17g", d);
}

static bool is_decimal_text(const char *s)
{
    /* Same syntax the parser accepts for values: -?d+(.d+)?([eE][+-]?d+)? */
    const char *p = s;
    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* '=' against one scalar item. */
static bool equals_item(const hiro_jfilter *f, const cJSON *v)
{
    if (cJSON_IsString(v) && v->valuestring)
        return pattern_match(f, v->valuestring, strlen(v->valuestring));
    if (cJSON_IsNumber(v)) {
        if (f->numeric)
            return v->valuedouble == f->number;
        char buf[40];
        number_text(v->valuedouble, buf);
        return pattern_match(f, buf, strlen(buf));
    }
    if (cJSON_IsBool(v)) {
        const char *t = cJSON_IsTrue(v) ? "true" : "false";
        return pattern_match(f, t, strlen(t));
    }
    return false;
}

static bool order_item(const hiro_jfilter *f, const cJSON *v)
{
    double d;
    if (cJSON_IsNumber(v))
        d = v->valuedouble;
    else if (cJSON_IsString(v) && v->valuestring && is_decimal_text(v->valuestring))
        d = strtod(v->valuestring, NULL);
    else
        return false;
    switch (f->op) {
    case HIRO_JF_GT: return d > f->number;
    case HIRO_JF_GE: return d >= f->number;
    case HIRO_JF_LT: return d < f->number;
    case HIRO_JF_LE: return d <= f->number;
    default: return false;
    }
}

/* Applies the comparison to a present attribute (arrays: any item). */
static bool compare_present(const hiro_jfilter *f, const cJSON *v)
{
    bool eq = f->op == HIRO_JF_EQ || f->op == HIRO_JF_NE;
    if (cJSON_IsArray(v)) {
        for (const cJSON *it = v->child; it; it = it->next)
            if (eq ? equals_item(f, it) : order_item(f, it))
                return true;
        return false;
    }
    return eq ? equals_item(f, v) : order_item(f, v);
}

static bool eval_cmp(const hiro_jfilter *f, const char *action, const cJSON *element, const cJSON *metadata)
{
    bool positive;
    if (f->is_action) {
        if (!action)
            positive = false;
        else if (hiro_jf_is_presence(f))
            positive = true;
        else if (f->op == HIRO_JF_EQ || f->op == HIRO_JF_NE)
            positive = pattern_match(f, action, strlen(action));
        else
            positive = false;
    } else {
        const cJSON *v = cJSON_IsObject(element) ? cJSON_GetObjectItemCaseSensitive(element, f->name) : NULL;
        if (!v && cJSON_IsObject(metadata))
            v = cJSON_GetObjectItemCaseSensitive(metadata, f->name);
        if (!v || cJSON_IsNull(v))
            positive = false;
        else if (hiro_jf_is_presence(f))
            positive = true;
        else
            positive = compare_present(f, v);
    }
    return f->op == HIRO_JF_NE ? !positive : positive;
}

bool hiro_jfilter_match_parts(const hiro_jfilter *f, const char *action, const cJSON *element,
                              const cJSON *metadata)
{
    switch (f->kind) {
    case HIRO_JF_AND:
        for (size_t i = 0; i < f->nkids; i++)
            if (!hiro_jfilter_match_parts(f->kids[i], action, element, metadata))
                return false;
        return true;
    case HIRO_JF_OR:
        for (size_t i = 0; i < f->nkids; i++)
            if (hiro_jfilter_match_parts(f->kids[i], action, element, metadata))
                return true;
        return false;
    case HIRO_JF_NOT:
        return !hiro_jfilter_match_parts(f->kids[0], action, element, metadata);
    case HIRO_JF_CMP:
        return eval_cmp(f, action, element, metadata);
    }
    return false;
}

bool hiro_jfilter_match(const hiro_jfilter *f, const cJSON *event)
{
    if (!f || !cJSON_IsObject(event))
        return false;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(event, "type");
    return hiro_jfilter_match_parts(f, cJSON_IsString(type) ? type->valuestring : NULL,
                                    cJSON_GetObjectItemCaseSensitive(event, "body"),
                                    cJSON_GetObjectItemCaseSensitive(event, "metadata"));
}

/* ---- canonical text ---- */

typedef struct {
    char *s;
    size_t len, cap;
    bool oom;
} text_buf;

static void put(text_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = true;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void put_str(text_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_value(text_buf *b, const hiro_jfilter *f)
{
    for (size_t i = 0; i < f->nsegs; i++) {
        if (i > 0)
            put(b, "*", 1);
        const hiro_jf_bytes *seg = &f->segs[i];
        for (size_t k = 0; k < seg->len; k++) {
            unsigned char c = (unsigned char)seg->bytes[k];
            bool edge_space = c == ' ' && ((i == 0 && k == 0) || (i + 1 == f->nsegs && k + 1 == seg->len));
            if (c == '*' || c == '(' || c == ')' || c == '\\' || c < 0x20 || c == 0x7f || edge_space) {
                char esc[4];
                snprintf(esc, sizeof esc, "\\%02x", c);
                put(b, esc, 3);
            } else {
                put(b, (const char *)&c, 1);
            }
        }
    }
}

static void print_node(text_buf *b, const hiro_jfilter *f)
{
    static const char *const ops[] = { "=", "!=", ">", ">=", "<", "<=" };
    put(b, "(", 1);
    switch (f->kind) {
    case HIRO_JF_AND:
    case HIRO_JF_OR:
    case HIRO_JF_NOT:
        put_str(b, f->kind == HIRO_JF_AND ? "&" : f->kind == HIRO_JF_OR ? "|" : "!");
        for (size_t i = 0; i < f->nkids; i++)
            print_node(b, f->kids[i]);
        break;
    case HIRO_JF_CMP:
        if (f->is_action) {
            put_str(b, "action");
        } else {
            put_str(b, "element.");
            put_str(b, f->name);
        }
        put_str(b, ops[f->op]);
        put_value(b, f);
        break;
    }
    put(b, ")", 1);
}

char *hiro_jfilter_to_string(const hiro_jfilter *f)
{
    if (!f)
        return NULL;
    text_buf b = { 0 };
    print_node(&b, f);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

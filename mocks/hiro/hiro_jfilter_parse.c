/* jfilter parser: recursive descent over the grammar in mocks/README.md ("HIRO
 * jfilter"). Nesting is capped so hostile input cannot exhaust the stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_jfilter_tree.h"

typedef struct {
    const char *s;
    size_t len;
    size_t pos;
    hiro_jfilter_error *err;
    bool failed;
} parser;

static void fail(parser *p, size_t pos, const char *fmt, const char *arg)
{
    if (p->failed)
        return;
    p->failed = true;
    if (p->err) {
        p->err->pos = pos;
        snprintf(p->err->message, sizeof p->err->message, fmt, arg ? arg : "");
    }
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && is_ws(p->s[p->pos]))
        p->pos++;
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

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

void hiro_jfilter_free(hiro_jfilter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nkids; i++)
        hiro_jfilter_free(f->kids[i]);
    free(f->kids);
    for (size_t i = 0; i < f->nsegs; i++) {
        free(f->segs[i].bytes);
        free(f->segs[i].kmp);
    }
    free(f->segs);
    free(f->name);
    free(f);
}

/* A printable excerpt of s[0..n) for messages: at most 40 bytes, other bytes as '?'. */
static void excerpt(const char *s, size_t n, char out[48])
{
    size_t k = n < 40 ? n : 40;
    for (size_t i = 0; i < k; i++)
        out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    strcpy(out + k, n > 40 ? "..." : "");
}

/* A JSON-style decimal: -?digits(.digits)?([eE][+-]?digits)? */
static bool is_decimal(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d)
        return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == e)
            return false;
    }
    return i == n;
}

/* Splits raw value text s[0..n) at unescaped '*' and decodes \xx escapes. */
static bool decode_value(parser *p, hiro_jfilter *node, size_t start, size_t n)
{
    const char *s = p->s + start;
    size_t nsegs = 1;
    for (size_t i = 0; i < n; i++)
        nsegs += s[i] == '*';
    node->segs = calloc(nsegs, sizeof *node->segs);
    if (!node->segs) {
        fail(p, start, "out of memory", NULL);
        return false;
    }
    node->nsegs = nsegs;
    size_t seg = 0;
    node->segs[0].bytes = malloc(n + 1);
    for (size_t i = 0; i <= n; i++) {
        hiro_jf_bytes *b = &node->segs[seg];
        if (!b->bytes) {
            fail(p, start, "out of memory", NULL);
            return false;
        }
        if (i == n) {
            b->bytes[b->len] = '\0';
        } else if (s[i] == '*') {
            b->bytes[b->len] = '\0';
            seg++;
            node->segs[seg].bytes = malloc(n - i);
        } else if (s[i] == '\\') {
            /* validated by the caller: two hex digits follow */
            b->bytes[b->len++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            b->bytes[b->len++] = s[i];
        }
    }
    /* segments between two stars are searched for: prepare their failure tables */
    for (size_t k = 1; k + 1 < nsegs; k++) {
        hiro_jf_bytes *b = &node->segs[k];
        if (b->len == 0)
            continue;
        b->kmp = malloc(b->len * sizeof *b->kmp);
        if (!b->kmp) {
            fail(p, start, "out of memory", NULL);
            return false;
        }
        b->kmp[0] = 0;
        for (size_t i = 1, m = 0; i < b->len; i++) {
            while (m > 0 && b->bytes[i] != b->bytes[m])
                m = b->kmp[m - 1];
            if (b->bytes[i] == b->bytes[m])
                m++;
            b->kmp[i] = m;
        }
    }
    if (nsegs == 1 && is_decimal(node->segs[0].bytes, node->segs[0].len)) {
        node->numeric = true;
        node->number = strtod(node->segs[0].bytes, NULL);
    }
    return true;
}

static const char *op_text(hiro_jf_op op)
{
    static const char *const t[] = { "=", "!=", ">", ">=", "<", "<=" };
    return t[op];
}

/* simple := attr WS? cmp WS? value ; the closing ')' is left for the caller. */
static hiro_jfilter *parse_simple(parser *p)
{
    size_t attr_start = p->pos;
    while (p->pos < p->len && !is_ws(p->s[p->pos]) && !strchr("=!<>()", p->s[p->pos]))
        p->pos++;
    size_t attr_len = p->pos - attr_start;
    const char *attr = p->s + attr_start;
    if (attr_len == 0) {
        fail(p, attr_start, "expected an attribute ('action' or 'element.<name>')", NULL);
        return NULL;
    }
    hiro_jfilter *node = calloc(1, sizeof *node);
    if (!node) {
        fail(p, attr_start, "out of memory", NULL);
        return NULL;
    }
    node->kind = HIRO_JF_CMP;
    if (attr_len == 6 && memcmp(attr, "action", 6) == 0) {
        node->is_action = true;
    } else if (attr_len > 8 && memcmp(attr, "element.", 8) == 0) {
        node->name = strndup(attr + 8, attr_len - 8);
        if (!node->name)
            fail(p, attr_start, "out of memory", NULL);
    } else {
        char ex[48];
        excerpt(attr, attr_len, ex);
        fail(p, attr_start, "unknown attribute '%s': expected 'action' or 'element.<name>'", ex);
    }
    if (p->failed)
        goto bad;

    skip_ws(p);
    size_t op_pos = p->pos;
    const char *rest = p->s + p->pos;
    size_t left = p->len - p->pos;
    if (left >= 2 && rest[0] == '!' && rest[1] == '=') {
        node->op = HIRO_JF_NE;
        p->pos += 2;
    } else if (left >= 2 && rest[0] == '>' && rest[1] == '=') {
        node->op = HIRO_JF_GE;
        p->pos += 2;
    } else if (left >= 2 && rest[0] == '<' && rest[1] == '=') {
        node->op = HIRO_JF_LE;
        p->pos += 2;
    } else if (left >= 1 && rest[0] == '=') {
        node->op = HIRO_JF_EQ;
        p->pos++;
    } else if (left >= 1 && rest[0] == '>') {
        node->op = HIRO_JF_GT;
        p->pos++;
    } else if (left >= 1 && rest[0] == '<') {
        node->op = HIRO_JF_LT;
        p->pos++;
    } else {
        fail(p, op_pos, "expected a comparison operator (=, !=, >, >=, <, <=)", NULL);
        goto bad;
    }

    skip_ws(p);
    size_t value_start = p->pos;
    while (p->pos < p->len && p->s[p->pos] != ')') {
        char c = p->s[p->pos];
        if (c == '(') {
            fail(p, p->pos, "unescaped '(' in value (write \\28)", NULL);
            goto bad;
        }
        if (c == '\\') {
            if (p->pos + 2 >= p->len || hex_value(p->s[p->pos + 1]) < 0 ||
                hex_value(p->s[p->pos + 2]) < 0) {
                fail(p, p->pos, "bad escape: '\\' must be followed by two hex digits", NULL);
                goto bad;
            }
            p->pos += 3;
            continue;
        }
        p->pos++;
    }
    if (p->pos >= p->len) {
        fail(p, p->pos, "missing ')' after the value", NULL);
        goto bad;
    }
    size_t value_end = p->pos;
    while (value_end > value_start && is_ws(p->s[value_end - 1]))
        value_end--;
    if (!decode_value(p, node, value_start, value_end - value_start))
        goto bad;
    if (node->op != HIRO_JF_EQ && node->op != HIRO_JF_NE) {
        if (node->nsegs != 1) {
            fail(p, value_start, "wildcard '*' is not allowed with '%s'", op_text(node->op));
            goto bad;
        }
        if (!node->numeric) {
            fail(p, value_start, "'%s' compares numbers: the value is not a number", op_text(node->op));
            goto bad;
        }
    }
    return node;
bad:
    hiro_jfilter_free(node);
    return NULL;
}

static hiro_jfilter *parse_item(parser *p, int depth);

/* prefix := op WS? item+ ; p->pos is at the operator. */
static hiro_jfilter *parse_prefix(parser *p, int depth)
{
    char op = p->s[p->pos];
    size_t op_pos = p->pos++;
    hiro_jfilter *node = calloc(1, sizeof *node);
    if (!node) {
        fail(p, op_pos, "out of memory", NULL);
        return NULL;
    }
    node->kind = op == '&' ? HIRO_JF_AND : op == '|' ? HIRO_JF_OR : HIRO_JF_NOT;
    size_t cap = 0;
    skip_ws(p);
    while (peek(p) == '(') {
        if (node->kind == HIRO_JF_NOT && node->nkids == 1) {
            fail(p, p->pos, "'!' takes exactly one filter", NULL);
            goto bad;
        }
        hiro_jfilter *kid = parse_item(p, depth);
        if (!kid)
            goto bad;
        if (node->nkids == cap) {
            size_t ncap = cap ? cap * 2 : 2;
            hiro_jfilter **k = realloc(node->kids, ncap * sizeof *k);
            if (!k) {
                hiro_jfilter_free(kid);
                fail(p, p->pos, "out of memory", NULL);
                goto bad;
            }
            node->kids = k;
            cap = ncap;
        }
        node->kids[node->nkids++] = kid;
        skip_ws(p);
    }
    if (node->nkids == 0) {
        char o[2] = { op, '\0' };
        fail(p, p->pos, "'%s' needs at least one filter in parentheses", o);
        goto bad;
    }
    return node;
bad:
    hiro_jfilter_free(node);
    return NULL;
}

/* item := "(" WS? ( prefix | simple ) WS? ")" ; p->pos is at '('. */
static hiro_jfilter *parse_item(parser *p, int depth)
{
    if (depth >= HIRO_JFILTER_MAX_DEPTH) {
        fail(p, p->pos, "filter nested too deeply (at most 32 levels)", NULL);
        return NULL;
    }
    p->pos++;
    skip_ws(p);
    int c = peek(p);
    hiro_jfilter *node = (c == '&' || c == '|' || c == '!') ? parse_prefix(p, depth + 1) : parse_simple(p);
    if (!node)
        return NULL;
    skip_ws(p);
    if (peek(p) != ')') {
        fail(p, p->pos, p->pos < p->len ? "expected ')'" : "missing ')' at the end", NULL);
        hiro_jfilter_free(node);
        return NULL;
    }
    p->pos++;
    return node;
}

hiro_jfilter *hiro_jfilter_parse(const char *text, size_t len, hiro_jfilter_error *err)
{
    parser p = { .s = text, .len = len, .err = err };
    if (!text) {
        fail(&p, 0, "empty filter", NULL);
        return NULL;
    }
    if (len > HIRO_JFILTER_MAX_LEN) {
        fail(&p, HIRO_JFILTER_MAX_LEN, "filter longer than 65536 bytes", NULL);
        return NULL;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        fail(&p, (size_t)(nul - text), "NUL byte in filter (write \\00)", NULL);
        return NULL;
    }
    skip_ws(&p);
    int c = peek(&p);
    hiro_jfilter *f = NULL;
    if (c < 0)
        fail(&p, p.pos, "empty filter", NULL);
    else if (c == '&' || c == '|' || c == '!')
        f = parse_prefix(&p, 0);
    else if (c == '(')
        f = parse_item(&p, 0);
    else
        fail(&p, p.pos, "expected '(' or one of '&', '|', '!'", NULL);
    if (!f)
        return NULL;
    skip_ws(&p);
    if (p.pos < p.len) {
        fail(&p, p.pos, "unexpected text after the filter", NULL);
        hiro_jfilter_free(f);
        return NULL;
    }
    return f;
}

void hiro_jfilter_error_format(const hiro_jfilter_error *err, char *buf, size_t size)
{
    if (size == 0)
        return;
    snprintf(buf, size, "jfilter: at %zu: %s", err->pos, err->message);
}

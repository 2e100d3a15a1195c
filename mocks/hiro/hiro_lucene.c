/* Lucene query subset: parser and matcher (see hiro_lucene.h). */
#include "hiro_lucene.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { LQ_TERM, LQ_ALL, LQ_BOOL } lq_kind;
typedef enum { OCC_SHOULD, OCC_MUST, OCC_NOT } lq_occur;

typedef struct {
    hiro_lucene *q;
    lq_occur occur;
} lq_clause;

struct hiro_lucene {
    lq_kind kind;
    /* TERM */
    char *field;
    char *pat;           /* value bytes */
    unsigned char *wild; /* per byte: 0 literal, '*' or '?' */
    size_t plen;
    bool exists;         /* field:* */
    /* BOOL */
    lq_clause *cl;
    size_t n;
};

typedef struct {
    const char *s;
    size_t len, pos;
    const cJSON *params;
    char *err;
    size_t errsize;
    bool failed;
} parser;

static void fail(parser *p, const char *fmt, const char *arg)
{
    if (p->failed)
        return;
    p->failed = true;
    if (p->err && p->errsize) {
        char msg[160];
        snprintf(msg, sizeof msg, fmt, arg ? arg : "");
        snprintf(p->err, p->errsize, "query: at %zu: %s", p->pos, msg);
    }
}

void hiro_lucene_free(hiro_lucene *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++)
        hiro_lucene_free(q->cl[i].q);
    free(q->cl);
    free(q->field);
    free(q->pat);
    free(q->wild);
    free(q);
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

/* An operator word (AND, OR, NOT) or symbol at the position, followed by a break. */
static bool at_word(const parser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->pos + n > p->len || memcmp(p->s + p->pos, w, n) != 0)
        return false;
    if (w[0] == '&' || w[0] == '|')
        return true;
    return p->pos + n == p->len || is_ws(p->s[p->pos + n]) || p->s[p->pos + n] == '(';
}

static hiro_lucene *parse_or(parser *p, int depth);

static hiro_lucene *new_node(parser *p, lq_kind kind)
{
    hiro_lucene *q = calloc(1, sizeof *q);
    if (!q)
        fail(p, "out of memory", NULL);
    else
        q->kind = kind;
    return q;
}

static bool add_clause(parser *p, hiro_lucene *b, hiro_lucene *q, lq_occur occur)
{
    lq_clause *c = realloc(b->cl, (b->n + 1) * sizeof *c);
    if (!c) {
        hiro_lucene_free(q);
        fail(p, "out of memory", NULL);
        return false;
    }
    b->cl = c;
    b->cl[b->n++] = (lq_clause){ q, occur };
    return true;
}

/* Sets the term's value to literal bytes (no wildcards). */
static bool set_literal(parser *p, hiro_lucene *q, const char *v, size_t n)
{
    q->pat = malloc(n + 1);
    q->wild = calloc(n + 1, 1);
    if (!q->pat || !q->wild) {
        fail(p, "out of memory", NULL);
        return false;
    }
    memcpy(q->pat, v, n);
    q->pat[n] = '\0';
    q->plen = n;
    return true;
}

static bool placeholder(parser *p, hiro_lucene *q, const char *name)
{
    const cJSON *v = cJSON_IsObject(p->params) ? cJSON_GetObjectItemCaseSensitive(p->params, name) : NULL;
    if (cJSON_IsString(v))
        return set_literal(p, q, v->valuestring, strlen(v->valuestring));
    if (cJSON_IsNumber(v)) {
        char buf[40];
        snprintf(buf, sizeof buf, "%.15g", v->valuedouble);
        if (strtod(buf, NULL) != v->valuedouble)
            snprintf(buf, sizeof buf, "%.17g", v->valuedouble);
        return set_literal(p, q, buf, strlen(buf));
    }
    fail(p, "placeholder $%s has no value", name);
    return false;
}

/* field ':' value, or "*:*". */
static hiro_lucene *parse_term(parser *p)
{
    hiro_lucene *q = new_node(p, LQ_TERM);
    char *buf = malloc(p->len - p->pos + 1);
    if (!q || !buf) {
        fail(p, "out of memory", NULL);
        goto bad;
    }
    /* field */
    size_t n = 0;
    while (p->pos < p->len && p->s[p->pos] != ':') {
        char c = p->s[p->pos];
        if (is_ws(c) || c == '(' || c == ')') {
            fail(p, "a term needs a field: field:value", NULL);
            goto bad;
        }
        if (c == '\\' && p->pos + 1 < p->len)
            c = p->s[++p->pos];
        buf[n++] = c;
        p->pos++;
    }
    if (p->pos >= p->len || n == 0) {
        fail(p, "a term needs a field: field:value", NULL);
        goto bad;
    }
    if (!(q->field = strndup(buf, n))) {
        fail(p, "out of memory", NULL);
        goto bad;
    }
    p->pos++; /* ':' */
    if (p->pos >= p->len || is_ws(p->s[p->pos]) || p->s[p->pos] == ')') {
        fail(p, "missing value after '%s:'", q->field);
        goto bad;
    }
    char c0 = p->s[p->pos];
    if (c0 == '(') {
        fail(p, "grouped values field:(a b) are not supported", NULL);
        goto bad;
    }
    if (c0 == '"') {
        p->pos++;
        n = 0;
        while (p->pos < p->len && p->s[p->pos] != '"') {
            char c = p->s[p->pos];
            if (c == '\\' && p->pos + 1 < p->len)
                c = p->s[++p->pos];
            buf[n++] = c;
            p->pos++;
        }
        if (p->pos >= p->len) {
            fail(p, "missing closing '\"'", NULL);
            goto bad;
        }
        p->pos++;
        if (!set_literal(p, q, buf, n))
            goto bad;
        free(buf);
        return q;
    }
    /* bare value */
    size_t start = p->pos;
    q->wild = calloc(p->len - p->pos + 1, 1);
    if (!q->wild) {
        fail(p, "out of memory", NULL);
        goto bad;
    }
    n = 0;
    while (p->pos < p->len && !is_ws(p->s[p->pos]) && p->s[p->pos] != ')') {
        char c = p->s[p->pos];
        if (strchr("[]{}~^(\"", c)) {
            char what[2] = { c, '\0' };
            fail(p, "unsupported query syntax '%s' (ranges, fuzzy, boosts and groups are not supported)", what);
            goto bad;
        }
        if (c == '\\' && p->pos + 1 < p->len) {
            buf[n++] = p->s[++p->pos];
        } else {
            if (c == '*' || c == '?')
                q->wild[n] = (unsigned char)c;
            buf[n++] = c;
        }
        p->pos++;
    }
    if (p->s[start] == '$' && n > 1) {
        free(q->wild);
        q->wild = NULL;
        buf[n] = '\0';
        if (!placeholder(p, q, buf + 1))
            goto bad;
        free(buf);
        return q;
    }
    bool has_wild = false;
    for (size_t k = 0; k < n; k++)
        has_wild |= q->wild[k] != 0;
    if (has_wild && n > HIRO_LUCENE_MAX_WILDCARD_TERM) {
        /* matching costs up to pattern x value length: keep it bounded */
        fail(p, "wildcard terms are limited to 1024 bytes", NULL);
        goto bad;
    }
    if (n == 1 && q->wild[0] == '*') {
        if (strcmp(q->field, "*") == 0)
            q->kind = LQ_ALL;
        q->exists = true;
    }
    q->pat = malloc(n + 1);
    if (!q->pat) {
        fail(p, "out of memory", NULL);
        goto bad;
    }
    memcpy(q->pat, buf, n);
    q->pat[n] = '\0';
    q->plen = n;
    free(buf);
    return q;
bad:
    free(buf);
    hiro_lucene_free(q);
    return NULL;
}

static hiro_lucene *parse_primary(parser *p, int depth)
{
    if (p->pos < p->len && p->s[p->pos] == '(') {
        if (depth >= HIRO_LUCENE_MAX_DEPTH) {
            fail(p, "query nested too deeply (at most 32 levels)", NULL);
            return NULL;
        }
        p->pos++;
        hiro_lucene *q = parse_or(p, depth + 1);
        if (!q)
            return NULL;
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ')') {
            fail(p, "expected ')'", NULL);
            hiro_lucene_free(q);
            return NULL;
        }
        p->pos++;
        return q;
    }
    return parse_term(p);
}

/* Juxtaposed clauses with optional +, -, !, NOT prefixes. */
static hiro_lucene *parse_seq(parser *p, int depth)
{
    hiro_lucene *b = new_node(p, LQ_BOOL);
    if (!b)
        return NULL;
    for (;;) {
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] == ')' || at_word(p, "AND") || at_word(p, "OR") ||
            at_word(p, "&&") || at_word(p, "||"))
            break;
        lq_occur occ = OCC_SHOULD;
        char c = p->s[p->pos];
        if (c == '+' || c == '-' || c == '!') {
            occ = c == '+' ? OCC_MUST : OCC_NOT;
            p->pos++;
        } else if (at_word(p, "NOT")) {
            occ = OCC_NOT;
            p->pos += 3;
            skip_ws(p);
        }
        hiro_lucene *q = parse_primary(p, depth);
        if (!q || !add_clause(p, b, q, occ)) {
            hiro_lucene_free(b);
            return NULL;
        }
    }
    if (b->n == 0) {
        fail(p, "expected a query clause", NULL);
        hiro_lucene_free(b);
        return NULL;
    }
    if (b->n == 1 && b->cl[0].occur != OCC_NOT) {
        hiro_lucene *only = b->cl[0].q;
        b->n = 0;
        hiro_lucene_free(b);
        return only;
    }
    return b;
}

/* seq ( (AND | &&) seq )* : every operand required. */
static hiro_lucene *parse_and(parser *p, int depth)
{
    hiro_lucene *first = parse_seq(p, depth);
    if (!first)
        return NULL;
    skip_ws(p);
    if (!at_word(p, "AND") && !at_word(p, "&&"))
        return first;
    hiro_lucene *b = new_node(p, LQ_BOOL);
    if (!b || !add_clause(p, b, first, OCC_MUST)) {
        hiro_lucene_free(b);
        return NULL;
    }
    while (at_word(p, "AND") || at_word(p, "&&")) {
        p->pos += p->s[p->pos] == '&' ? 2 : 3;
        skip_ws(p);
        hiro_lucene *q = parse_seq(p, depth);
        if (!q || !add_clause(p, b, q, OCC_MUST)) {
            hiro_lucene_free(b);
            return NULL;
        }
        skip_ws(p);
    }
    return b;
}

/* and ( (OR | ||) and )* : one operand suffices. */
static hiro_lucene *parse_or(parser *p, int depth)
{
    hiro_lucene *first = parse_and(p, depth);
    if (!first)
        return NULL;
    skip_ws(p);
    if (!at_word(p, "OR") && !at_word(p, "||"))
        return first;
    hiro_lucene *b = new_node(p, LQ_BOOL);
    if (!b || !add_clause(p, b, first, OCC_SHOULD)) {
        hiro_lucene_free(b);
        return NULL;
    }
    while (at_word(p, "OR") || at_word(p, "||")) {
        p->pos += 2;
        skip_ws(p);
        hiro_lucene *q = parse_and(p, depth);
        if (!q || !add_clause(p, b, q, OCC_SHOULD)) {
            hiro_lucene_free(b);
            return NULL;
        }
        skip_ws(p);
    }
    return b;
}

hiro_lucene *hiro_lucene_parse(const char *text, const cJSON *params, char *err, size_t errsize)
{
    parser p = { .s = text ? text : "", .len = text ? strlen(text) : 0, .params = params, .err = err,
                 .errsize = errsize };
    if (p.len > HIRO_LUCENE_MAX_LEN) {
        fail(&p, "query longer than 65536 bytes", NULL);
        return NULL;
    }
    skip_ws(&p);
    if (p.pos == p.len) {
        fail(&p, "empty query", NULL);
        return NULL;
    }
    hiro_lucene *q = parse_or(&p, 0);
    if (!q)
        return NULL;
    skip_ws(&p);
    if (p.pos < p.len) {
        fail(&p, p.s[p.pos] == ')' ? "unbalanced ')'" : "unexpected text", NULL);
        hiro_lucene_free(q);
        return NULL;
    }
    return q;
}

/* ---- matching ---- */

/* Glob with '*' (any run) and '?' (one byte) where wild[] marks them; iterative with
 * one backtrack point, so linear for the usual patterns. */
static bool glob(const hiro_lucene *q, const char *s, size_t n)
{
    size_t pi = 0, si = 0, star = SIZE_MAX, mark = 0;
    while (si < n) {
        if (pi < q->plen && q->wild[pi] == '?') {
            pi++;
            si++;
        } else if (pi < q->plen && q->wild[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (pi < q->plen && !q->wild[pi] && q->pat[pi] == s[si]) {
            pi++;
            si++;
        } else if (star != SIZE_MAX) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < q->plen && q->wild[pi] == '*')
        pi++;
    return pi == q->plen;
}

static bool item_matches(const hiro_lucene *q, const cJSON *v)
{
    char buf[40];
    const char *text;
    if (cJSON_IsString(v)) {
        text = v->valuestring;
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, sizeof buf, "%.15g", v->valuedouble);
        if (strtod(buf, NULL) != v->valuedouble)
            snprintf(buf, sizeof buf, "%.17g", v->valuedouble);
        text = buf;
    } else if (cJSON_IsBool(v)) {
        text = cJSON_IsTrue(v) ? "true" : "false";
    } else {
        return false;
    }
    return glob(q, text, strlen(text));
}

bool hiro_lucene_match(const hiro_lucene *q, const cJSON *element)
{
    switch (q->kind) {
    case LQ_ALL:
        return true;
    case LQ_TERM: {
        const cJSON *v = cJSON_IsObject(element) ? cJSON_GetObjectItemCaseSensitive(element, q->field) : NULL;
        if (!v || cJSON_IsNull(v))
            return false;
        if (q->exists)
            return true;
        if (cJSON_IsArray(v)) {
            for (const cJSON *it = v->child; it; it = it->next)
                if (item_matches(q, it))
                    return true;
            return false;
        }
        return item_matches(q, v);
    }
    case LQ_BOOL: {
        size_t must = 0, should = 0;
        bool any_should = false;
        for (size_t i = 0; i < q->n; i++) {
            bool m = hiro_lucene_match(q->cl[i].q, element);
            switch (q->cl[i].occur) {
            case OCC_MUST:
                if (!m)
                    return false;
                must++;
                break;
            case OCC_NOT:
                if (m)
                    return false;
                break;
            case OCC_SHOULD:
                should++;
                any_should |= m;
                break;
            }
        }
        return should == 0 || must > 0 || any_should;
    }
    }
    return false;
}

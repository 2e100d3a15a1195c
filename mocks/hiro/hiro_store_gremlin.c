/* "query gremlin" over the graph store: a small traversal subset (see hiro_store.h). */
#include "hiro_store_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STEPS 64
#define MAX_ARGS 8
#define MAX_TRAVERSERS 100000

typedef struct {
    char name[16];
    char *args[MAX_ARGS];
    size_t nargs;
} step;

typedef struct {
    hiro_element **v;
    size_t n, cap;
} elist;

static void set_status(hiro_status *st, int code, const char *fmt, const char *arg, size_t pos)
{
    if (!st)
        return;
    st->code = code;
    char msg[160];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    if (pos != (size_t)-1)
        snprintf(st->message, sizeof st->message, "gremlin: at %zu: %s", pos, msg);
    else
        snprintf(st->message, sizeof st->message, "gremlin: %s", msg);
}

static void steps_free(step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < steps[i].nargs; k++)
            free(steps[i].args[k]);
}

/* name '(' [arg (',' arg)*] ')' ('.' step)* ; args are quoted strings or integers. */
static int parse_steps(const char *q, step *steps, size_t *nsteps, hiro_status *st)
{
    size_t i = 0, len = strlen(q);
    *nsteps = 0;
#define WS() while (i < len && isspace((unsigned char)q[i])) i++
    WS();
    if (i == len) {
        set_status(st, 400, "empty query", NULL, i);
        return -1;
    }
    for (;;) {
        if (*nsteps == MAX_STEPS) {
            set_status(st, 400, "more than 64 steps", NULL, i);
            return -1;
        }
        step *s = &steps[(*nsteps)++];
        memset(s, 0, sizeof *s);
        size_t n = 0, start = i;
        while (i < len && isalpha((unsigned char)q[i]) && n + 1 < sizeof s->name)
            s->name[n++] = q[i++];
        if (n == 0 || (i < len && isalpha((unsigned char)q[i]))) {
            set_status(st, 400, "expected a step name", NULL, start);
            return -1;
        }
        WS();
        if (i >= len || q[i] != '(') {
            set_status(st, 400, "expected '(' after %.15s", s->name, i);
            return -1;
        }
        i++;
        WS();
        while (i < len && q[i] != ')') {
            if (s->nargs == MAX_ARGS) {
                set_status(st, 400, "too many arguments", NULL, i);
                return -1;
            }
            size_t a = i;
            char *arg;
            if (q[i] == '\'' || q[i] == '"') {
                char quote = q[i++];
                a = i;
                while (i < len && q[i] != quote)
                    i++;
                if (i >= len) {
                    set_status(st, 400, "missing closing quote", NULL, i);
                    return -1;
                }
                arg = strndup(q + a, i - a);
                i++;
            } else {
                if (i < len && q[i] == '-')
                    i++;
                while (i < len && isdigit((unsigned char)q[i]))
                    i++;
                if (i == a || (i == a + 1 && q[a] == '-')) {
                    set_status(st, 400, "expected a quoted string or an integer", NULL, a);
                    return -1;
                }
                arg = strndup(q + a, i - a);
            }
            if (!arg) {
                hiro_store_oom(st);
                return -1;
            }
            s->args[s->nargs++] = arg;
            WS();
            if (i < len && q[i] == ',') {
                i++;
                WS();
                if (i < len && q[i] == ')') {
                    set_status(st, 400, "expected an argument", NULL, i);
                    return -1;
                }
            } else if (i < len && q[i] != ')') {
                set_status(st, 400, "expected ',' or ')'", NULL, i);
                return -1;
            }
        }
        if (i >= len) {
            set_status(st, 400, "missing ')'", NULL, i);
            return -1;
        }
        i++;
        WS();
        if (i == len)
            return 0;
        if (q[i] != '.') {
            set_status(st, 400, "expected '.' between steps", NULL, i);
            return -1;
        }
        i++;
        WS();
    }
#undef WS
}

static bool push(elist *l, hiro_element *e, hiro_status *st)
{
    if (l->n == MAX_TRAVERSERS) {
        set_status(st, 400, "traversal larger than 100000 elements", NULL, (size_t)-1);
        return false;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        hiro_element **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            hiro_store_oom(st);
            return false;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = e;
    return true;
}

static bool label_ok(const hiro_element *edge, const step *s)
{
    if (s->nargs == 0)
        return true;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(edge->json, "ogit/_type");
    for (size_t k = 0; k < s->nargs; k++)
        if (cJSON_IsString(t) && strcmp(t->valuestring, s->args[k]) == 0)
            return true;
    return false;
}

static bool attr_equals(const hiro_element *e, const char *name, const char *value)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e->json, name);
    if (!v || cJSON_IsNull(v))
        return false;
    if (!value)
        return true;
    if (cJSON_IsString(v))
        return strcmp(v->valuestring, value) == 0;
    if (cJSON_IsNumber(v)) {
        char buf[40];
        snprintf(buf, sizeof buf, "%.15g", v->valuedouble);
        return strcmp(buf, value) == 0;
    }
    if (cJSON_IsBool(v))
        return strcmp(cJSON_IsTrue(v) ? "true" : "false", value) == 0;
    return false;
}

/* Edges of vertex v in the direction(s) of the step, filtered by label. */
static bool add_edges(elist *out, const hiro_element *v, bool outgoing, const step *s, hiro_status *st)
{
    hiro_element **list = outgoing ? v->out_edges : v->in_edges;
    size_t n = outgoing ? v->nout : v->nin;
    for (size_t k = 0; k < n; k++)
        if (label_ok(list[k], s) && !push(out, list[k], st))
            return false;
    return true;
}

static bool add_vertex(hiro_store *s, elist *out, const char *id, bool include_deleted, hiro_status *st)
{
    hiro_element *v = hiro_map_get(&s->map, id);
    if (!v || (v->deleted && !include_deleted))
        return true;
    return push(out, v, st);
}

static bool apply(hiro_store *s, const step *p, elist *cur, bool include_deleted, hiro_status *st)
{
    elist next = { 0 };
    const char *n = p->name;
    bool e_out = !strcmp(n, "outE") || !strcmp(n, "bothE") || !strcmp(n, "out") || !strcmp(n, "both");
    bool e_in = !strcmp(n, "inE") || !strcmp(n, "bothE") || !strcmp(n, "in") || !strcmp(n, "both");
    bool to_vertex = !strcmp(n, "out") || !strcmp(n, "in") || !strcmp(n, "both");
    bool ok = true;
    if (e_out || e_in) {
        for (size_t i = 0; ok && i < cur->n; i++) {
            hiro_element *e = cur->v[i];
            if (e->is_edge)
                continue;
            elist edges = { 0 };
            ok = (!e_out || add_edges(&edges, e, true, p, st)) && (!e_in || add_edges(&edges, e, false, p, st));
            for (size_t k = 0; ok && k < edges.n; k++) {
                if (!to_vertex)
                    ok = push(&next, edges.v[k], st);
                else /* the other end */
                    ok = add_vertex(s, &next, edges.v[k]->out_id == e->id ? edges.v[k]->in_id : edges.v[k]->out_id,
                                    include_deleted, st);
            }
            free(edges.v);
        }
    } else if (!strcmp(n, "inV") || !strcmp(n, "outV") || !strcmp(n, "bothV")) {
        for (size_t i = 0; ok && i < cur->n; i++) {
            hiro_element *e = cur->v[i];
            if (!e->is_edge)
                continue;
            if (strcmp(n, "inV") != 0)
                ok = add_vertex(s, &next, e->out_id, include_deleted, st);
            if (ok && strcmp(n, "outV") != 0)
                ok = add_vertex(s, &next, e->in_id, include_deleted, st);
        }
    } else if (!strcmp(n, "has") || !strcmp(n, "hasNot")) {
        bool want = !strcmp(n, "has");
        if (p->nargs < 1 || p->nargs > 2 || (!want && p->nargs != 1)) {
            set_status(st, 400, "%.15s takes (name) or, for has, (name, value)", n, (size_t)-1);
            return false;
        }
        for (size_t i = 0; ok && i < cur->n; i++)
            if (attr_equals(cur->v[i], p->args[0], p->nargs == 2 ? p->args[1] : NULL) == want)
                ok = push(&next, cur->v[i], st);
    } else if (!strcmp(n, "dedup")) {
        hiro_map seen = { 0 }; /* by id: linear, however many traversers */
        for (size_t i = 0; ok && i < cur->n; i++) {
            if (hiro_map_get(&seen, cur->v[i]->id))
                continue;
            if (!hiro_map_put(&seen, cur->v[i]->id, cur->v[i])) {
                hiro_store_oom(st);
                ok = false;
            } else {
                ok = push(&next, cur->v[i], st);
            }
        }
        hiro_map_free(&seen);
    } else if (!strcmp(n, "limit")) {
        long lim = p->nargs == 1 ? strtol(p->args[0], NULL, 10) : -1;
        if (lim < 0) {
            set_status(st, 400, "limit takes one integer >= 0", NULL, (size_t)-1);
            return false;
        }
        for (size_t i = 0; ok && i < cur->n && (long)i < lim; i++)
            ok = push(&next, cur->v[i], st);
    } else {
        set_status(st, 400, "unsupported step '%.15s' (outE, inE, bothE, inV, outV, bothV, out, in, both, has, "
                   "hasNot, dedup, limit)", n, (size_t)-1);
        return false;
    }
    if (!ok) {
        free(next.v);
        return false;
    }
    free(cur->v);
    *cur = next;
    return true;
}

cJSON *hiro_store_gremlin(hiro_store *s, const char *root, const char *query, bool include_deleted, hiro_status *st)
{
    hiro_element *r = hiro_store_find(s, root, include_deleted, st);
    if (!r)
        return NULL;
    step steps[MAX_STEPS];
    size_t nsteps = 0;
    if (parse_steps(query ? query : "", steps, &nsteps, st) != 0) {
        steps_free(steps, nsteps);
        return NULL;
    }
    elist cur = { 0 };
    bool ok = push(&cur, r, st);
    for (size_t i = 0; ok && i < nsteps; i++)
        ok = apply(s, &steps[i], &cur, include_deleted, st);
    steps_free(steps, nsteps);
    cJSON *out = ok ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; out && i < cur.n; i++) {
        cJSON *c = cJSON_Duplicate(cur.v[i]->json, true);
        if (!c || !cJSON_AddItemToArray(out, c)) {
            cJSON_Delete(c);
            cJSON_Delete(out);
            out = NULL;
            hiro_store_oom(st);
        }
    }
    free(cur.v);
    return out;
}

/* "query vertices" over the graph store: match, sort, page, project. */
#include "hiro_store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_lucene.h"

#define MAX_ORDER_KEYS 8

typedef struct {
    char *attr;
    bool desc;
} order_key;

typedef struct {
    order_key keys[MAX_ORDER_KEYS];
    size_t n;
} order_spec;

static void set_status(hiro_status *st, int code, const char *msg)
{
    if (st) {
        st->code = code;
        snprintf(st->message, sizeof st->message, "%s", msg);
    }
}

static void order_free(order_spec *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->keys[i].attr);
    o->n = 0;
}

/* "a asc, b desc, c" -> keys; false on a bad direction or too many keys. */
static bool order_parse(const char *text, order_spec *o)
{
    o->n = 0;
    for (const char *p = text; p && *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        const char *a = p;
        while (*p && *p != ' ' && *p != ',')
            p++;
        size_t alen = (size_t)(p - a);
        while (*p == ' ')
            p++;
        bool desc = false;
        if (*p && *p != ',') {
            const char *d = p;
            while (*p && *p != ' ' && *p != ',')
                p++;
            size_t dlen = (size_t)(p - d);
            if (dlen == 4 && strncmp(d, "desc", 4) == 0)
                desc = true;
            else if (!(dlen == 3 && strncmp(d, "asc", 3) == 0))
                goto bad;
            while (*p == ' ')
                p++;
            if (*p && *p != ',')
                goto bad;
        }
        if (o->n == MAX_ORDER_KEYS || !(o->keys[o->n].attr = strndup(a, alen)))
            goto bad;
        o->keys[o->n++].desc = desc;
    }
    return true;
bad:
    order_free(o);
    return false;
}

/* Numbers before text, numbers numerically, text bytewise; missing after both. */
static int compare_values(const cJSON *a, const cJSON *b)
{
    bool ha = a && !cJSON_IsNull(a), hb = b && !cJSON_IsNull(b);
    if (!ha || !hb)
        return ha == hb ? 0 : ha ? -1 : 1;
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
        return a->valuedouble < b->valuedouble ? -1 : a->valuedouble > b->valuedouble;
    if (cJSON_IsNumber(a) != cJSON_IsNumber(b))
        return cJSON_IsNumber(a) ? -1 : 1;
    const char *sa = cJSON_IsString(a) ? a->valuestring : "", *sb = cJSON_IsString(b) ? b->valuestring : "";
    return strcmp(sa, sb);
}

static int compare_elements(const hiro_element *x, const hiro_element *y, const order_spec *o)
{
    for (size_t i = 0; i < o->n; i++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(x->json, o->keys[i].attr);
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(y->json, o->keys[i].attr);
        int c = compare_values(a, b);
        bool missing = !a || cJSON_IsNull(a) || !b || cJSON_IsNull(b);
        if (c != 0)
            return o->keys[i].desc && !missing ? -c : c;
    }
    return 0;
}

/* Stable merge sort of v[0..n) using tmp. */
static void merge_sort(hiro_element **v, hiro_element **tmp, size_t n, const order_spec *o)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(v, tmp, h, o);
    merge_sort(v + h, tmp, n - h, o);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = compare_elements(v[j], v[i], o) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static cJSON *project(const cJSON *el, const char *fields)
{
    if (!fields || !fields[0])
        return cJSON_Duplicate(el, true);
    cJSON *o = cJSON_CreateObject();
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(el, "ogit/_id");
    if (o && id)
        cJSON_AddItemToObject(o, "ogit/_id", cJSON_Duplicate(id, true));
    for (const char *p = fields; o && *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *a = p;
        while (*p && *p != ',')
            p++;
        const char *e = p;
        while (e > a && e[-1] == ' ')
            e--;
        if (e == a)
            continue;
        char *name = strndup(a, (size_t)(e - a));
        const cJSON *v = name ? cJSON_GetObjectItemCaseSensitive(el, name) : NULL;
        if (v && strcmp(name, "ogit/_id") != 0 && !cJSON_GetObjectItemCaseSensitive(o, name))
            cJSON_AddItemToObject(o, name, cJSON_Duplicate(v, true));
        free(name);
    }
    return o;
}

cJSON *hiro_store_query_vertices(hiro_store *s, const char *query, const cJSON *params, long limit, long offset,
                                 const char *order, const char *fields, bool include_deleted, hiro_status *st)
{
    char err[200];
    hiro_lucene *q = hiro_lucene_parse(query, params, err, sizeof err);
    if (!q) {
        set_status(st, 400, err);
        return NULL;
    }
    order_spec o;
    if (!order_parse(order, &o)) {
        hiro_lucene_free(q);
        set_status(st, 400, "order: expected \"attribute [asc|desc], ...\" (at most 8 keys)");
        return NULL;
    }
    hiro_element **hits = malloc((s->nvertices ? s->nvertices : 1) * sizeof *hits);
    hiro_element **tmp = malloc((s->nvertices ? s->nvertices : 1) * sizeof *tmp);
    cJSON *out = cJSON_CreateArray();
    if (!hits || !tmp || !out) {
        free(hits);
        free(tmp);
        cJSON_Delete(out);
        order_free(&o);
        hiro_lucene_free(q);
        hiro_store_oom(st);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->nvertices; i++)
        if ((!s->vertices[i]->deleted || include_deleted) && hiro_lucene_match(q, s->vertices[i]->json))
            hits[n++] = s->vertices[i];
    if (o.n)
        merge_sort(hits, tmp, n, &o);
    size_t from = offset > 0 ? (size_t)offset : 0;
    for (size_t i = from; i < n && (limit < 0 || (long)(i - from) < limit); i++) {
        cJSON *item = project(hits[i]->json, fields);
        if (!item || !cJSON_AddItemToArray(out, item)) {
            cJSON_Delete(item);
            cJSON_Delete(out);
            out = NULL;
            hiro_store_oom(st);
            break;
        }
    }
    free(hits);
    free(tmp);
    order_free(&o);
    hiro_lucene_free(q);
    return out;
}

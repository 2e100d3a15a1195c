/* Timeseries values and blob content of graph vertices. */
#include "hiro_store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bad(hiro_status *st, int code, const char *message)
{
    if (st) {
        st->code = code;
        snprintf(st->message, sizeof st->message, "%s", message);
    }
}

static hiro_element *vertex(hiro_store *s, const char *id, bool include_deleted, hiro_status *st)
{
    hiro_element *e = hiro_store_find(s, id, include_deleted, st);
    if (e && e->is_edge) {
        bad(st, 400, "edges have no values or content");
        return NULL;
    }
    return e;
}

/* Inserts or replaces the value at timestamp t (takes v). */
static bool ts_put(hiro_element *e, int64_t t, cJSON *v)
{
    size_t lo = 0, hi = e->nts;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (e->ts[mid].timestamp < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < e->nts && e->ts[lo].timestamp == t) {
        cJSON_Delete(e->ts[lo].value);
        e->ts[lo].value = v;
        return true;
    }
    if (e->nts == e->tscap) {
        size_t cap = e->tscap ? e->tscap * 2 : 16;
        hiro_ts_point *p = realloc(e->ts, cap * sizeof *p);
        if (!p)
            return false;
        e->ts = p;
        e->tscap = cap;
    }
    memmove(&e->ts[lo + 1], &e->ts[lo], (e->nts - lo) * sizeof *e->ts);
    e->ts[lo] = (hiro_ts_point){ t, v };
    e->nts++;
    return true;
}

int hiro_store_write_ts(hiro_store *s, const char *id, const cJSON *items, const hiro_actor *who,
                        hiro_event **ev, hiro_status *st)
{
    if (ev)
        *ev = NULL;
    hiro_element *e = vertex(s, id, false, st);
    if (!e)
        return -1;
    if (!cJSON_IsArray(items)) {
        bad(st, 400, "writets needs \"items\": [{\"timestamp\": <ms>, \"value\": ...}]");
        return -1;
    }
    /* check everything first: a bad item changes nothing */
    for (const cJSON *it = items->child; it; it = it->next) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "timestamp");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "value");
        if (!cJSON_IsNumber(t) || !(cJSON_IsString(v) || cJSON_IsNumber(v))) {
            bad(st, 400, "each item needs a numeric \"timestamp\" and a string or number \"value\"");
            return -1;
        }
    }
    hiro_event *event = NULL;
    if (ev) {
        hiro_event_meta meta = { who->account, who->app, who->now_ms };
        event = hiro_event_new(HIRO_EV_WRITE_TIMESERIES, e->json, e->json, &meta);
        if (!event) {
            hiro_store_oom(st);
            return -1;
        }
    }
    for (const cJSON *it = items->child; it; it = it->next) {
        cJSON *v = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(it, "value"), true);
        if (!v || !ts_put(e, (int64_t)cJSON_GetObjectItemCaseSensitive(it, "timestamp")->valuedouble, v)) {
            cJSON_Delete(v);
            hiro_event_free(event);
            hiro_store_oom(st);
            return -1;
        }
    }
    if (ev)
        *ev = event;
    return 0;
}

cJSON *hiro_store_read_ts(hiro_store *s, const char *id, int64_t from, int64_t to, long limit, bool desc,
                          bool include_deleted, hiro_status *st)
{
    hiro_element *e = vertex(s, id, include_deleted, st);
    if (!e)
        return NULL;
    cJSON *a = cJSON_CreateArray();
    long n = 0;
    for (size_t k = 0; a && k < e->nts && (limit <= 0 || n < limit); k++) {
        const hiro_ts_point *p = &e->ts[desc ? e->nts - 1 - k : k];
        if ((from >= 0 && p->timestamp < from) || (to >= 0 && p->timestamp >= to))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON *v = cJSON_Duplicate(p->value, true);
        bool ok = o && v && cJSON_AddNumberToObject(o, "timestamp", (double)p->timestamp) &&
                  cJSON_AddItemToObject(o, "value", v);
        if (ok)
            v = NULL; /* now o's */
        if (!ok || !cJSON_AddItemToArray(a, o)) {
            cJSON_Delete(v);
            cJSON_Delete(o);
            cJSON_Delete(a);
            a = NULL;
            break;
        }
        n++;
    }
    if (!a)
        hiro_store_oom(st);
    return a;
}

int hiro_store_set_content(hiro_store *s, const char *id, const unsigned char *data, size_t len, hiro_status *st)
{
    hiro_element *e = vertex(s, id, false, st);
    if (!e)
        return -1;
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy) {
        hiro_store_oom(st);
        return -1;
    }
    if (len)
        memcpy(copy, data, len);
    free(e->content);
    e->content = copy;
    e->content_len = len;
    e->has_content = true;
    return 0;
}

const unsigned char *hiro_store_content(hiro_store *s, const char *id, bool include_deleted, size_t *len,
                                       hiro_status *st)
{
    hiro_element *e = vertex(s, id, include_deleted, st);
    if (!e)
        return NULL;
    if (!e->has_content) {
        bad(st, 404, "no content");
        return NULL;
    }
    *len = e->content_len;
    return e->content;
}

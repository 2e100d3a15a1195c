/* The in-memory HIRO graph: vertices, edges and versions (see hiro_store.h). Timeseries
 * and content live in hiro_store_values.c. */
#include "hiro_store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

static void set_status(hiro_status *st, int code, const char *fmt, const char *arg)
{
    if (!st)
        return;
    st->code = code;
    char shown[96];
    snprintf(shown, sizeof shown, "%.80s%s", arg ? arg : "", arg && strlen(arg) > 80 ? "..." : "");
    snprintf(st->message, sizeof st->message, fmt, shown);
}

void hiro_store_oom(hiro_status *st)
{
    set_status(st, 500, "out of memory", NULL);
}

/* ---- elements ---- */

static void element_free(hiro_element *e)
{
    if (!e)
        return;
    free(e->id);
    cJSON_Delete(e->json);
    cJSON_Delete(e->versions);
    free(e->out_edges);
    free(e->in_edges);
    for (size_t i = 0; i < e->nts; i++)
        cJSON_Delete(e->ts[i].value);
    free(e->ts);
    free(e->content);
    free(e);
}

hiro_store *hiro_store_new(uint64_t seed)
{
    hiro_store *s = calloc(1, sizeof *s);
    if (s)
        s->seed = seed;
    return s;
}

void hiro_store_free(hiro_store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->map.cap; i++)
        if (s->map.keys[i] && s->map.values[i])
            element_free(s->map.values[i]);
    hiro_map_free(&s->map);
    free(s->vertices);
    free(s);
}

size_t hiro_store_vertex_count(const hiro_store *s)
{
    return s->live_vertices;
}

hiro_element *hiro_store_find(hiro_store *s, const char *id, bool include_deleted, hiro_status *st)
{
    hiro_element *e = id && id[0] ? hiro_map_get(&s->map, id) : NULL;
    if (!e || (e->deleted && !include_deleted)) {
        set_status(st, 404, "not found: %s", id ? id : "");
        return NULL;
    }
    return e;
}

/* ---- ids and versions ---- */

static void base36(uint64_t z, char *out, int n)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < n; i++) {
        out[i] = digits[z % 36];
        z /= 36;
    }
    out[n] = '\0';
}

/* "cj<12>_cj<12>" like real ogit/_id values, unique in the store. */
static void new_id(hiro_store *s, char out[32])
{
    do {
        uint64_t a = mock_splitmix64(s->seed ^ (0x1d000000ull + ++s->counter));
        uint64_t b = mock_splitmix64(a);
        char pa[13], pb[13];
        base36(a, pa, 12);
        base36(b, pb, 12);
        snprintf(out, 32, "cj%s_cj%s", pa, pb);
    } while (hiro_map_get(&s->map, out));
}

/* ogit/_v-id: "<ms>-<6 characters>", e.g. 1573742062212-Z597ml. */
static void new_vid(hiro_store *s, int64_t now, char out[40])
{
    static const char chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    uint64_t z = mock_splitmix64(s->seed ^ (0x7e000000ull + ++s->counter));
    char tail[7];
    for (int i = 0; i < 6; i++) {
        tail[i] = chars[z % 62];
        z /= 62;
    }
    tail[6] = '\0';
    snprintf(out, 40, "%lld-%s", (long long)now, tail);
}

static bool set_item(cJSON *o, const char *key, cJSON *v)
{
    if (!v)
        return false;
    if (cJSON_GetObjectItemCaseSensitive(o, key)) {
        if (cJSON_ReplaceItemInObjectCaseSensitive(o, key, v))
            return true;
        cJSON_Delete(v);
        return false;
    }
    if (!cJSON_AddItemToObject(o, key, v)) {
        cJSON_Delete(v);
        return false;
    }
    return true;
}

static bool set_str(cJSON *o, const char *key, const char *v)
{
    return set_item(o, key, cJSON_CreateString(v ? v : ""));
}

static bool set_num(cJSON *o, const char *key, double v)
{
    return set_item(o, key, cJSON_CreateNumber(v));
}

/* ogit/_ keys are the server's, except these two that clients may write. */
bool hiro_store_is_system_attr(const char *key)
{
    return strncmp(key, "ogit/_", 6) == 0 && strcmp(key, "ogit/_xid") != 0 && strcmp(key, "ogit/_tags") != 0;
}

/* Marks a new version of e's state j: ogit/_v + 1, a new v-id, modified-on/-by. */
static bool bump(hiro_store *s, cJSON *j, const hiro_actor *who)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "ogit/_v");
    char vid[40];
    new_vid(s, who->now_ms, vid);
    return set_num(j, "ogit/_v", (cJSON_IsNumber(v) ? v->valuedouble : 0) + 1) && set_str(j, "ogit/_v-id", vid) &&
           set_num(j, "ogit/_modified-on", (double)who->now_ms) && set_str(j, "ogit/_modified-by", who->account) &&
           set_str(j, "ogit/_modified-by-app", who->app);
}

static hiro_event *make_event(hiro_event_type t, const cJSON *before, const cJSON *after, const hiro_actor *who)
{
    hiro_event_meta meta = { who->account, who->app, who->now_ms };
    return hiro_event_new(t, before, after, &meta);
}

/* Moves the current state into the versions and installs next (taking it). */
static bool commit_state(hiro_element *e, cJSON *next)
{
    if (!e->versions && !(e->versions = cJSON_CreateArray()))
        return false;
    cJSON_AddItemToArray(e->versions, e->json);
    e->json = next;
    return true;
}

/* Copies attrs into j (system attributes skipped; null removes when removing). */
static bool apply_attrs(cJSON *j, const cJSON *attrs, bool null_removes)
{
    for (const cJSON *a = attrs ? attrs->child : NULL; a; a = a->next) {
        if (hiro_store_is_system_attr(a->string))
            continue;
        if (cJSON_IsNull(a)) {
            if (null_removes)
                cJSON_DeleteItemFromObjectCaseSensitive(j, a->string);
            continue;
        }
        if (!set_item(j, a->string, cJSON_Duplicate(a, true)))
            return false;
    }
    return true;
}

static bool attrs_ok(const cJSON *attrs, hiro_status *st)
{
    if (attrs && !cJSON_IsObject(attrs)) {
        set_status(st, 400, "attributes must be an object", NULL);
        return false;
    }
    return true;
}

/* ---- changes ---- */

cJSON *hiro_store_create(hiro_store *s, const char *type, const char *id, const cJSON *attrs,
                         const hiro_actor *who, hiro_event **ev, hiro_status *st)
{
    if (ev)
        *ev = NULL;
    if (!type || !type[0]) {
        set_status(st, 400, "create needs ogit/_type", NULL);
        return NULL;
    }
    if (!attrs_ok(attrs, st))
        return NULL;
    char idbuf[32];
    if (id && hiro_map_get(&s->map, id)) {
        set_status(st, 409, "already exists: %s", id);
        return NULL;
    }
    if (!id || !id[0]) {
        new_id(s, idbuf);
        id = idbuf;
    }
    hiro_element *e = calloc(1, sizeof *e);
    cJSON *j = cJSON_CreateObject();
    char vid[40];
    new_vid(s, who->now_ms, vid);
    bool ok = e && j && (e->id = strdup(id)) && set_str(j, "ogit/_id", id) && set_str(j, "ogit/_type", type) &&
              set_str(j, "ogit/_graphtype", "vertex") && set_num(j, "ogit/_created-on", (double)who->now_ms) &&
              set_num(j, "ogit/_modified-on", (double)who->now_ms) && set_str(j, "ogit/_creator", who->account) &&
              set_str(j, "ogit/_creator-app", who->app) && set_str(j, "ogit/_modified-by", who->account) &&
              set_str(j, "ogit/_modified-by-app", who->app) &&
              set_str(j, "ogit/_owner", who->organization ? who->organization : who->account) &&
              (!who->scope || set_str(j, "ogit/_scope", who->scope)) &&
              (!who->organization || set_str(j, "ogit/_organization", who->organization)) &&
              set_num(j, "ogit/_v", 1) && set_str(j, "ogit/_v-id", vid) &&
              set_str(j, "ogit/_version", HIRO_ONTOLOGY_VERSION) && set_item(j, "ogit/_is-deleted", cJSON_CreateFalse()) &&
              apply_attrs(j, attrs, false);
    cJSON *copy = ok ? cJSON_Duplicate(j, true) : NULL;
    hiro_event *event = ok && ev ? make_event(HIRO_EV_CREATE, NULL, j, who) : NULL;
    if (!copy || (ev && !event) || !hiro_map_put(&s->map, id, e)) {
        cJSON_Delete(copy);
        hiro_event_free(event);
        cJSON_Delete(j);
        element_free(e);
        hiro_store_oom(st);
        return NULL;
    }
    if (s->nvertices == s->vcap) {
        size_t cap = s->vcap ? s->vcap * 2 : 64;
        hiro_element **v = realloc(s->vertices, cap * sizeof *v);
        if (!v) {
            hiro_map_remove(&s->map, id);
            cJSON_Delete(copy);
            hiro_event_free(event);
            cJSON_Delete(j);
            element_free(e);
            hiro_store_oom(st);
            return NULL;
        }
        s->vertices = v;
        s->vcap = cap;
    }
    s->vertices[s->nvertices++] = e;
    e->json = j;
    s->live_vertices++;
    if (ev)
        *ev = event;
    return copy;
}

cJSON *hiro_store_get(hiro_store *s, const char *id, bool include_deleted, hiro_status *st)
{
    hiro_element *e = hiro_store_find(s, id, include_deleted, st);
    if (!e)
        return NULL;
    cJSON *copy = cJSON_Duplicate(e->json, true);
    if (!copy)
        hiro_store_oom(st);
    return copy;
}

/* Installs next as e's state and reports the change: the result copy and the event. */
static cJSON *finish_change(hiro_element *e, cJSON *next, hiro_event_type t, const hiro_actor *who,
                            hiro_event **ev, hiro_status *st)
{
    cJSON *copy = cJSON_Duplicate(next, true);
    hiro_event *event = NULL;
    if (copy && ev) {
        bool removal = t == HIRO_EV_DELETE || t == HIRO_EV_DISCONNECT;
        event = removal ? make_event(t, next, NULL, who) : make_event(t, e->json, next, who);
    }
    if (!copy || (ev && !event) || !commit_state(e, next)) {
        cJSON_Delete(copy);
        hiro_event_free(event);
        cJSON_Delete(next);
        hiro_store_oom(st);
        return NULL;
    }
    if (ev)
        *ev = event;
    return copy;
}

cJSON *hiro_store_update(hiro_store *s, const char *id, const cJSON *attrs, const hiro_actor *who,
                         hiro_event **ev, hiro_status *st)
{
    if (ev)
        *ev = NULL;
    if (!attrs_ok(attrs, st))
        return NULL;
    hiro_element *e = hiro_store_find(s, id, false, st);
    if (!e)
        return NULL;
    if (e->is_edge) {
        set_status(st, 400, "edges cannot be updated: %s", id);
        return NULL;
    }
    cJSON *next = cJSON_Duplicate(e->json, true);
    if (!next || !apply_attrs(next, attrs, true) || !bump(s, next, who)) {
        cJSON_Delete(next);
        hiro_store_oom(st);
        return NULL;
    }
    return finish_change(e, next, HIRO_EV_UPDATE, who, ev, st);
}

cJSON *hiro_store_replace(hiro_store *s, const char *id, const cJSON *attrs, const char *create_type,
                          const hiro_actor *who, hiro_event **ev, hiro_status *st)
{
    if (ev)
        *ev = NULL;
    if (!attrs_ok(attrs, st))
        return NULL;
    if (!id || !id[0]) {
        set_status(st, 400, "replace needs ogit/_id", NULL);
        return NULL;
    }
    if (!hiro_map_get(&s->map, id) && create_type && create_type[0])
        return hiro_store_create(s, create_type, id, attrs, who, ev, st);
    hiro_element *e = hiro_store_find(s, id, false, st);
    if (!e)
        return NULL;
    if (e->is_edge) {
        set_status(st, 400, "edges cannot be replaced: %s", id);
        return NULL;
    }
    cJSON *next = cJSON_CreateObject();
    bool ok = next != NULL;
    for (const cJSON *a = e->json->child; ok && a; a = a->next)
        if (hiro_store_is_system_attr(a->string))
            ok = set_item(next, a->string, cJSON_Duplicate(a, true));
    if (!ok || !apply_attrs(next, attrs, false) || !bump(s, next, who)) {
        cJSON_Delete(next);
        hiro_store_oom(st);
        return NULL;
    }
    return finish_change(e, next, HIRO_EV_REPLACE, who, ev, st);
}

static void unlink_edge(hiro_element **list, size_t *n, const hiro_element *edge)
{
    for (size_t i = 0; i < *n; i++)
        if (list[i] == edge) {
            memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof *list);
            (*n)--;
            return;
        }
}

static cJSON *delete_edge(hiro_store *s, hiro_element *edge, const hiro_actor *who, hiro_event **ev,
                          hiro_status *st)
{
    cJSON *copy = cJSON_Duplicate(edge->json, true);
    hiro_event *event = copy && ev ? make_event(HIRO_EV_DISCONNECT, edge->json, NULL, who) : NULL;
    if (!copy || (ev && !event)) {
        cJSON_Delete(copy);
        hiro_event_free(event);
        hiro_store_oom(st);
        return NULL;
    }
    hiro_element *out = hiro_map_get(&s->map, edge->out_id);
    hiro_element *in = hiro_map_get(&s->map, edge->in_id);
    if (event && out) {
        const cJSON *scope = cJSON_GetObjectItemCaseSensitive(out->json, "ogit/_scope");
        if (cJSON_IsString(scope) && !event->scope)
            event->scope = strdup(scope->valuestring);
    }
    if (out)
        unlink_edge(out->out_edges, &out->nout, edge);
    if (in)
        unlink_edge(in->in_edges, &in->nin, edge);
    hiro_map_remove(&s->map, edge->id);
    element_free(edge);
    if (ev)
        *ev = event;
    return copy;
}

cJSON *hiro_store_delete(hiro_store *s, const char *id, const hiro_actor *who, hiro_event **ev, hiro_status *st)
{
    if (ev)
        *ev = NULL;
    hiro_element *e = hiro_store_find(s, id, false, st);
    if (!e)
        return NULL;
    if (e->is_edge)
        return delete_edge(s, e, who, ev, st);
    cJSON *next = cJSON_Duplicate(e->json, true);
    bool ok = next && set_item(next, "ogit/_is-deleted", cJSON_CreateTrue()) &&
              set_num(next, "ogit/_deleted-on", (double)who->now_ms) && set_str(next, "ogit/_deleted-by", who->account) &&
              set_str(next, "ogit/_deleted-by-app", who->app);
    if (!ok) {
        cJSON_Delete(next);
        hiro_store_oom(st);
        return NULL;
    }
    cJSON *r = finish_change(e, next, HIRO_EV_DELETE, who, ev, st);
    if (r) {
        e->deleted = true;
        s->live_vertices--;
    }
    return r;
}

static bool push_edge(hiro_element ***list, size_t *n, hiro_element *edge)
{
    hiro_element **l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return false;
    l[(*n)++] = edge;
    *list = l;
    return true;
}

cJSON *hiro_store_connect(hiro_store *s, const char *verb, const char *out_id, const char *in_id,
                          const hiro_actor *who, hiro_event **ev, hiro_status *st)
{
    if (ev)
        *ev = NULL;
    if (!verb || !verb[0]) {
        set_status(st, 400, "connect needs the verb as ogit/_type", NULL);
        return NULL;
    }
    if (!out_id || !in_id) {
        set_status(st, 400, "connect needs \"out\" and \"in\"", NULL);
        return NULL;
    }
    hiro_element *out = hiro_store_find(s, out_id, false, st);
    hiro_element *in = out ? hiro_store_find(s, in_id, false, st) : NULL;
    if (!out || !in)
        return NULL;
    if (out->is_edge || in->is_edge) {
        set_status(st, 400, "edges connect vertices", NULL);
        return NULL;
    }
    char *eid = hiro_edge_id(out_id, verb, in_id);
    if (!eid) {
        hiro_store_oom(st);
        return NULL;
    }
    if (hiro_map_get(&s->map, eid)) {
        set_status(st, 409, "edge exists: %s", eid);
        free(eid);
        return NULL;
    }
    const cJSON *ot = cJSON_GetObjectItemCaseSensitive(out->json, "ogit/_type");
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(in->json, "ogit/_type");
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(out->json, "ogit/_scope");
    hiro_element *e = calloc(1, sizeof *e);
    cJSON *j = hiro_edge_element(out_id, cJSON_IsString(ot) ? ot->valuestring : NULL, verb, in_id,
                                 cJSON_IsString(it) ? it->valuestring : NULL, who->now_ms);
    cJSON *copy = j ? cJSON_Duplicate(j, true) : NULL;
    hiro_event *event = copy && ev ? make_event(HIRO_EV_CONNECT, NULL, j, who) : NULL;
    bool ok = e && copy && (!ev || event) && (!event || !cJSON_IsString(scope) ||
                                              (event->scope = strdup(scope->valuestring)));
    if (ok) {
        e->id = eid;
        e->is_edge = true;
        e->json = j;
        e->out_id = out->id;
        e->in_id = in->id;
        ok = push_edge(&out->out_edges, &out->nout, e);
        if (ok && !push_edge(&in->in_edges, &in->nin, e)) {
            out->nout--;
            ok = false;
        }
        if (ok && !hiro_map_put(&s->map, eid, e)) {
            out->nout--;
            in->nin--;
            ok = false;
        }
        if (!ok) {
            e->json = NULL;
            e->id = NULL;
        }
    }
    if (!ok) {
        element_free(e);
        cJSON_Delete(j);
        cJSON_Delete(copy);
        hiro_event_free(event);
        free(eid);
        hiro_store_oom(st);
        return NULL;
    }
    if (ev)
        *ev = event;
    return copy;
}

/* ---- reading ---- */

cJSON *hiro_store_history(hiro_store *s, const char *id, bool include_deleted, hiro_status *st)
{
    hiro_element *e = hiro_store_find(s, id, include_deleted, st);
    if (!e)
        return NULL;
    cJSON *a = e->versions ? cJSON_Duplicate(e->versions, true) : cJSON_CreateArray();
    cJSON *cur = cJSON_Duplicate(e->json, true);
    if (!a || !cur || !cJSON_AddItemToArray(a, cur)) {
        cJSON_Delete(a);
        cJSON_Delete(cur);
        hiro_store_oom(st);
        return NULL;
    }
    return a;
}

cJSON *hiro_store_query_ids(hiro_store *s, const char *ids, bool include_deleted)
{
    cJSON *a = cJSON_CreateArray();
    for (const char *p = ids; a && p && *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && end[-1] == ' ')
            end--;
        if (end == start)
            continue;
        char *id = strndup(start, (size_t)(end - start));
        hiro_element *e = id ? hiro_map_get(&s->map, id) : NULL;
        free(id);
        if (e && (!e->deleted || include_deleted))
            cJSON_AddItemToArray(a, cJSON_Duplicate(e->json, true));
    }
    return a;
}

cJSON *hiro_store_edges(hiro_store *s, const char *id, bool outgoing, const char *verb, hiro_status *st)
{
    hiro_element *e = hiro_store_find(s, id, false, st);
    if (!e)
        return NULL;
    cJSON *a = cJSON_CreateArray();
    hiro_element **list = outgoing ? e->out_edges : e->in_edges;
    size_t n = outgoing ? e->nout : e->nin;
    for (size_t i = 0; a && i < n; i++) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(list[i]->json, "ogit/_type");
        if (!verb || (cJSON_IsString(t) && strcmp(t->valuestring, verb) == 0))
            cJSON_AddItemToArray(a, cJSON_Duplicate(list[i]->json, true));
    }
    if (!a)
        hiro_store_oom(st);
    return a;
}

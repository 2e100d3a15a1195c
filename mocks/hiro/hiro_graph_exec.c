/* Graph API request types mapped onto the graph store (see hiro_graph_exec.h). */
#include "hiro_graph_exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(hiro_graph_result *r, int code, const char *fmt, const char *arg)
{
    r->kind = HIRO_GR_ERROR;
    r->error.code = code;
    snprintf(r->error.message, sizeof r->error.message, fmt, arg ? arg : "");
}

/* A result from a store call: body, or the store's error. */
static void single(hiro_graph_result *r, cJSON *body, const hiro_status *st)
{
    if (body) {
        r->kind = HIRO_GR_SINGLE;
        r->body = body;
    } else {
        r->kind = HIRO_GR_ERROR;
        r->error = *st;
        if (r->error.code == 0) { /* the store reports its own errors; this is memory */
            r->error.code = 500;
            snprintf(r->error.message, sizeof r->error.message, "out of memory");
        }
    }
}

static void list(hiro_graph_result *r, cJSON *items, const hiro_status *st)
{
    single(r, items, st);
    if (items)
        r->kind = HIRO_GR_LIST;
}

/* A required string parameter; NULL (and r set to 400) when missing. */
static const char *need(const hiro_graph_req *req, const char *name, hiro_graph_result *r)
{
    const cJSON *v = hiro_graph_param(req, name);
    if (cJSON_IsString(v) && v->valuestring[0])
        return v->valuestring;
    fail(r, 400, "missing parameter %s", name);
    return NULL;
}

/* An integer parameter (JSON number or decimal string); dflt when unset; false and r
 * set to 400 when it is something else. */
static bool integer(const hiro_graph_req *req, const char *name, long long dflt, long long *out,
                    hiro_graph_result *r)
{
    const cJSON *v = hiro_graph_param(req, name);
    *out = dflt;
    if (!v)
        return true;
    if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble) {
        *out = (long long)v->valuedouble;
        return true;
    }
    if (cJSON_IsString(v) && v->valuestring[0]) {
        char *end;
        long long x = strtoll(v->valuestring, &end, 10);
        if (*end == '\0') {
            *out = x;
            return true;
        }
    }
    fail(r, 400, "parameter %s must be an integer", name);
    return false;
}

static const char *text(const hiro_graph_req *req, const char *name)
{
    const cJSON *v = hiro_graph_param(req, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* includeDeleted (REST's name; gremlin bodies also spell it include_deleted). */
static bool deleted_too(const hiro_graph_req *req)
{
    return hiro_graph_param_bool(req, "includeDeleted") || hiro_graph_param_bool(req, "include_deleted");
}

/* listMeta=true: the list attributes of each answered vertex carry when each value was
 * added; history passes the version each item is (first: the index of the first item). */
static void apply_list_meta(hiro_store *s, const hiro_graph_req *req, hiro_graph_result *r, long first)
{
    if (!hiro_graph_param_bool(req, "listMeta") || (r->kind != HIRO_GR_SINGLE && r->kind != HIRO_GR_LIST) ||
        (!cJSON_IsObject(r->body) && !cJSON_IsArray(r->body)))
        return;
    bool ok = true;
    if (r->kind == HIRO_GR_SINGLE) {
        ok = hiro_store_list_meta(s, r->body, -1);
    } else {
        long i = first;
        for (cJSON *it = r->body->child; ok && it; it = it->next, i++)
            ok = !cJSON_IsObject(it) || hiro_store_list_meta(s, it, first < 0 ? -1 : i);
    }
    if (!ok) {
        cJSON_Delete(r->body);
        r->body = NULL;
        fail(r, 500, "out of memory", NULL);
    }
}

static void do_query(hiro_store *s, const hiro_graph_req *req, hiro_graph_result *r)
{
    hiro_status st = { 0 };
    const char *type = need(req, "type", r);
    if (!type)
        return;
    if (strcmp(type, "ids") == 0) {
        const char *q = need(req, "query", r);
        if (q)
            list(r, hiro_store_query_ids(s, q, deleted_too(req)), &st);
        if (q && !r->body)
            fail(r, 500, "out of memory", NULL);
    } else if (strcmp(type, "vertices") == 0) {
        const char *q = need(req, "query", r);
        long long limit, offset;
        if (!q || !integer(req, "limit", -1, &limit, r) || !integer(req, "offset", 0, &offset, r))
            return;
        cJSON *items = hiro_store_query_vertices(s, q, req->body, (long)limit, (long)offset, text(req, "order"),
                                                 text(req, "fields"), deleted_too(req), &st);
        if (items && hiro_graph_param_bool(req, "count")) {
            cJSON *n = cJSON_CreateNumber(cJSON_GetArraySize(items));
            cJSON_Delete(items);
            single(r, n, &st);
            if (!n)
                fail(r, 500, "out of memory", NULL);
            return;
        }
        list(r, items, &st);
    } else if (strcmp(type, "gremlin") == 0) {
        const char *root = need(req, "root", r);
        const char *q = root ? need(req, "query", r) : NULL;
        if (q)
            list(r, hiro_store_gremlin(s, root, q, deleted_too(req), &st), &st);
    } else {
        fail(r, 400, "unknown query type \"%s\" (vertices, ids, gremlin)", type);
    }
}

static void do_me(const hiro_actor *who, hiro_graph_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *acc = o ? cJSON_AddObjectToObject(o, "account") : NULL;
    cJSON *prof = o ? cJSON_AddObjectToObject(o, "profile") : NULL;
    bool ok = acc && prof && cJSON_AddStringToObject(acc, "ogit/_id", who->account) &&
              cJSON_AddStringToObject(acc, "ogit/_type", "ogit/Auth/Account") &&
              cJSON_AddStringToObject(acc, "ogit/name", who->account) &&
              cJSON_AddStringToObject(prof, "ogit/Auth/Account/displayName", who->account) &&
              (!who->scope || cJSON_AddStringToObject(acc, "ogit/_scope", who->scope));
    if (!ok) {
        cJSON_Delete(o);
        fail(r, 500, "out of memory", NULL);
        return;
    }
    r->kind = HIRO_GR_SINGLE;
    r->body = o;
}

/* meta: the element's system attributes (the REST /meta answer is not documented). */
static void do_meta(hiro_store *s, const char *id, hiro_graph_result *r)
{
    hiro_status st = { 0 };
    cJSON *el = hiro_store_get(s, id, false, &st);
    if (!el) {
        single(r, NULL, &st);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    for (cJSON *a = el->child; o && a; a = a->next)
        if (strncmp(a->string, "ogit/_", 6) == 0)
            cJSON_AddItemToObject(o, a->string, cJSON_Duplicate(a, true));
    cJSON_Delete(el);
    single(r, o, &st);
    if (!o)
        fail(r, 500, "out of memory", NULL);
}

static void do_history(hiro_store *s, const hiro_graph_req *req, const char *id, hiro_graph_result *r)
{
    const char *type = text(req, "type");
    if (type && strcmp(type, "element") != 0) {
        fail(r, 400, "history type \"%s\" is not supported (element)", type);
        return;
    }
    long long offset, limit;
    if (!integer(req, "offset", 0, &offset, r) || !integer(req, "limit", -1, &limit, r))
        return;
    hiro_status st = { 0 };
    cJSON *all = hiro_store_history(s, id, deleted_too(req), &st);
    if (!all) {
        single(r, NULL, &st);
        return;
    }
    cJSON *page = cJSON_CreateArray();
    long long i = 0;
    for (cJSON *it = all->child; page && it; it = it->next, i++)
        if (i >= offset && (limit < 0 || i - offset < limit))
            cJSON_AddItemToArray(page, cJSON_Duplicate(it, true));
    cJSON_Delete(all);
    list(r, page, &st);
    if (!page)
        fail(r, 500, "out of memory", NULL);
    apply_list_meta(s, req, r, offset > 0 ? (long)offset : 0);
}

void hiro_graph_execute(hiro_store *s, const hiro_graph_req *req, const hiro_actor *who, hiro_graph_result *r)
{
    memset(r, 0, sizeof *r);
    hiro_status st = { 0 };
    const char *id = NULL;
    switch (req->type) {
    case HIRO_G_ME:
        do_me(who, r);
        return;
    case HIRO_G_QUERY:
        do_query(s, req, r);
        apply_list_meta(s, req, r, -1);
        return;
    case HIRO_G_CREATE: {
        const char *type = need(req, "ogit/_type", r);
        if (type)
            single(r, hiro_store_create(s, type, NULL, req->body, who, &r->event, &st), &st);
        return;
    }
    case HIRO_G_CONNECT: {
        const char *verb = need(req, "ogit/_type", r);
        const cJSON *o = req->body ? cJSON_GetObjectItemCaseSensitive(req->body, "out") : NULL;
        const cJSON *i = req->body ? cJSON_GetObjectItemCaseSensitive(req->body, "in") : NULL;
        if (!verb)
            return;
        if (!cJSON_IsString(o) || !cJSON_IsString(i)) {
            fail(r, 400, "connect needs body {\"out\": <id>, \"in\": <id>}", NULL);
            return;
        }
        single(r, hiro_store_connect(s, verb, o->valuestring, i->valuestring, who, &r->event, &st), &st);
        return;
    }
    default:
        break;
    }
    /* every other type names an element */
    if (!(id = need(req, "ogit/_id", r)))
        return;
    switch (req->type) {
    case HIRO_G_GET:
        single(r, hiro_store_get(s, id, deleted_too(req), &st), &st);
        apply_list_meta(s, req, r, -1);
        break;
    case HIRO_G_UPDATE:
        single(r, hiro_store_update(s, id, req->body, who, &r->event, &st), &st);
        break;
    case HIRO_G_REPLACE: {
        const char *create_type = hiro_graph_param_bool(req, "createIfNotExists") ? text(req, "ogit/_type") : NULL;
        single(r, hiro_store_replace(s, id, req->body, create_type, who, &r->event, &st), &st);
        break;
    }
    case HIRO_G_DELETE:
        single(r, hiro_store_delete(s, id, who, &r->event, &st), &st);
        break;
    case HIRO_G_WRITETS: {
        const cJSON *items = req->body ? cJSON_GetObjectItemCaseSensitive(req->body, "items") : NULL;
        if (hiro_store_write_ts(s, id, items, who, &r->event, &st) != 0)
            single(r, NULL, &st);
        else
            single(r, cJSON_CreateObject(), &st);
        break;
    }
    case HIRO_G_STREAMTS: {
        long long from, to, limit;
        const char *order = text(req, "order");
        if (!integer(req, "from", -1, &from, r) || !integer(req, "to", -1, &to, r) ||
            !integer(req, "limit", -1, &limit, r))
            break;
        if (order && strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0) {
            fail(r, 400, "order must be asc or desc", NULL);
            break;
        }
        list(r, hiro_store_read_ts(s, id, from, to, (long)limit, order && !strcmp(order, "desc"), deleted_too(req), &st),
             &st);
        break;
    }
    case HIRO_G_HISTORY:
        do_history(s, req, id, r);
        break;
    case HIRO_G_GETCONTENT:
        r->blob = hiro_store_content(s, id, deleted_too(req), &r->blob_len, &st);
        if (r->blob)
            r->kind = HIRO_GR_BLOB;
        else
            single(r, NULL, &st);
        break;
    case HIRO_G_META:
        do_meta(s, id, r);
        break;
    default:
        fail(r, 400, "unsupported request type", NULL);
        break;
    }
}

void hiro_graph_result_free(hiro_graph_result *r)
{
    if (!r)
        return;
    cJSON_Delete(r->body);
    hiro_event_free(r->event);
    r->body = NULL;
    r->event = NULL;
}

/* Graph API faults that bend a request before it is carried out, or its result after:
 * kept apart so the endpoint reads as the real behaviour. */
#include <string.h>

#include "hiro_internal.h"

static void drop_param(const hiro_graph_req *req, const char *name)
{
    cJSON_DeleteItemFromObjectCaseSensitive((cJSON *)req->headers, name);
    cJSON_DeleteItemFromObjectCaseSensitive((cJSON *)req->body, name);
}

void hiro_graph_fault_request(const hiro_state *st, hiro_graph_req *req)
{
    const bool *f = st->fault;
    if (f[MOCK_HIRO_META_WHOLE_VERTEX] && req->type == HIRO_G_META)
        req->type = HIRO_G_GET;
    bool reads = req->type == HIRO_G_GET || req->type == HIRO_G_QUERY || req->type == HIRO_G_HISTORY ||
                 req->type == HIRO_G_STREAMTS || req->type == HIRO_G_GETCONTENT;
    if (f[MOCK_HIRO_INCLUDE_DELETED_IGNORED] && reads) {
        drop_param(req, "includeDeleted");
        drop_param(req, "include_deleted");
    }
    if (f[MOCK_HIRO_LIST_META_IGNORED] && reads)
        drop_param(req, "listMeta");
    if (f[MOCK_HIRO_DELETED_LISTED] && req->type == HIRO_G_QUERY) {
        cJSON *h = (cJSON *)req->headers;
        if (!h && (h = cJSON_AddObjectToObject(req->root, "headers")))
            req->headers = h;
        if (h) {
            cJSON_DeleteItemFromObjectCaseSensitive(h, "includeDeleted");
            cJSON_AddTrueToObject(h, "includeDeleted");
        }
    }
}

/* Every listMeta wrapper [{"value","created"}] of item gets the item's ogit/_modified-on. */
static void created_is_modified(cJSON *item)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(item, "ogit/_modified-on");
    if (!cJSON_IsNumber(m))
        return;
    for (cJSON *a = item->child; a; a = a->next)
        for (cJSON *w = cJSON_IsArray(a) ? a->child : NULL; w; w = w->next) {
            cJSON *c = cJSON_GetObjectItemCaseSensitive(w, "created");
            if (cJSON_IsNumber(c))
                cJSON_SetNumberValue(c, m->valuedouble);
        }
}

void hiro_graph_fault_result(const hiro_state *st, const hiro_graph_req *req, hiro_graph_result *r)
{
    if (!st->fault[MOCK_HIRO_LIST_META_CREATED_MODIFIED] || !hiro_graph_param_bool(req, "listMeta"))
        return;
    if (r->kind == HIRO_GR_SINGLE && cJSON_IsObject(r->body))
        created_is_modified(r->body);
    else if (r->kind == HIRO_GR_LIST)
        for (cJSON *it = r->body ? r->body->child : NULL; it; it = it->next)
            created_is_modified(it);
}

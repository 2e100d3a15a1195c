#include "tg_fault.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

void tg_faults_load(tg_faults *f, const mock_fault_set *set)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < MOCK_TG_FAULT_COUNT; i++) {
        f->on[i] = mock_fault_active(set, mock_tg_faults[i].name);
        f->any = f->any || f->on[i];
    }
}

char *tg_fault_service(const tg_faults *f, const char *data, size_t len)
{
    if (!f->any)
        return NULL;
    cJSON *root = cJSON_ParseWithLength(data, len);
    const cJSON *svc = cJSON_GetObjectItemCaseSensitive(root, "service");
    char *name = cJSON_IsString(svc) ? strdup(svc->valuestring) : NULL;
    cJSON_Delete(root);
    return name;
}

/* Faults that make a service ignore a request member: the member is removed before the
 * request is handled. */
typedef struct ignored_member {
    enum mock_tg_fault fault;
    const char *services[3];
    const char *keys[2];
} ignored_member;

static const ignored_member ignored_members[] = {
    { MOCK_TG_COLLECTIONS_TAG_FILTER_IGNORED, { "collection-management" }, { "tag_filter", "tag-filter" } },
    { MOCK_TG_PROMPT_VARIABLES_IGNORED, { "prompt" }, { "variables" } },
    { MOCK_TG_EMBEDDINGS_QUERY_LIMIT_IGNORED, { "graph-embeddings", "document-embeddings", "row-embeddings" }, { "limit" } },
    { MOCK_TG_ROWS_VARIABLES_IGNORED, { "rows", "objects" }, { "variables" } },
    { MOCK_TG_MCP_PARAMETERS_IGNORED, { "mcp-tool" }, { "parameters" } },
};

#define COUNT(a) (sizeof a / sizeof *a)

static bool any_ignored_member(const tg_faults *f)
{
    for (size_t i = 0; i < COUNT(ignored_members); i++)
        if (f->on[ignored_members[i].fault])
            return true;
    return false;
}

static bool drop_ignored_members(const tg_faults *f, const char *service, cJSON *req)
{
    bool changed = false;
    for (size_t i = 0; i < COUNT(ignored_members); i++) {
        const ignored_member *m = &ignored_members[i];
        if (!f->on[m->fault])
            continue;
        for (size_t s = 0; s < COUNT(m->services) && m->services[s]; s++) {
            if (strcmp(service, m->services[s]) != 0)
                continue;
            for (size_t k = 0; k < COUNT(m->keys) && m->keys[k]; k++) {
                if (cJSON_HasObjectItem(req, m->keys[k])) {
                    cJSON_DeleteItemFromObjectCaseSensitive(req, m->keys[k]);
                    changed = true;
                }
            }
        }
    }
    return changed;
}

char *tg_fault_request(const tg_faults *f, tg_profile p, const char *data, size_t len)
{
    bool stop = f->on[MOCK_TG_STOP_FLOW_IGNORED];
    bool unload = f->on[MOCK_TG_KNOWLEDGE_UNLOAD_IGNORED];
    bool batch = f->on[MOCK_TG_GW_BATCH_SIZE_IGNORED] && p == TG_PROFILE_GATEWAY;
    bool members = any_ignored_member(f);
    if (!stop && !unload && !batch && !members)
        return NULL;
    cJSON *root = cJSON_ParseWithLength(data, len);
    const cJSON *svc = cJSON_GetObjectItemCaseSensitive(root, "service");
    cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "request");
    bool changed = false;
    if (cJSON_IsString(svc) && cJSON_IsObject(req)) {
        const cJSON *op = cJSON_GetObjectItemCaseSensitive(req, "operation");
        if (stop && strcmp(svc->valuestring, "flow") == 0 && cJSON_IsString(op) &&
            strcmp(op->valuestring, "stop-flow") == 0) {
            cJSON_ReplaceItemInObjectCaseSensitive(req, "operation", cJSON_CreateString("list-flows"));
            changed = true;
        }
        if (unload && strcmp(svc->valuestring, "knowledge") == 0 && cJSON_IsString(op) &&
            strcmp(op->valuestring, "unload-kg-core") == 0) {
            cJSON_ReplaceItemInObjectCaseSensitive(req, "operation", cJSON_CreateString("list-kg-cores"));
            changed = true;
        }
        if (batch && strcmp(svc->valuestring, "triples") == 0 && cJSON_HasObjectItem(req, "batch-size")) {
            cJSON_DeleteItemFromObjectCaseSensitive(req, "batch-size");
            changed = true;
        }
        if (members && drop_ignored_members(f, svc->valuestring, req))
            changed = true;
    }
    char *text = changed ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

static bool is(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

static bool is_rag(const char *service)
{
    return is(service, "graph-rag") || is(service, "document-rag");
}

static void set_bool(cJSON *obj, const char *key, bool v)
{
    if (cJSON_HasObjectItem(obj, key))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, cJSON_CreateBool(v));
}

static void replace_message(cJSON *err, const char *from, const char *to)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(err, "message");
    if (cJSON_IsString(m) && strcmp(m->valuestring, from) == 0)
        cJSON_ReplaceItemInObjectCaseSensitive(err, "message", cJSON_CreateString(to));
}

static const char *error_type(const cJSON *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(err, "type");
    return cJSON_IsString(t) ? t->valuestring : NULL;
}

static void reverse_array(cJSON *a)
{
    if (!cJSON_IsArray(a))
        return;
    cJSON *rev = NULL, *item;
    while ((item = cJSON_DetachItemFromArray(a, 0))) {
        item->next = rev;
        if (rev)
            rev->prev = item;
        rev = item;
    }
    for (item = rev; item;) {
        cJSON *next = item->next;
        item->next = item->prev = NULL;
        cJSON_AddItemToArray(a, item);
        item = next;
    }
}

static bool is_load(const char *service)
{
    return is(service, "text-load") || is(service, "document-load");
}

/* The back-end Timeout error (made by the dialect, which passes no service). */
static bool is_timeout(const char *service, const cJSON *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(err, "message");
    return !service && is(error_type(err), "gateway-error") && cJSON_IsString(m) && strcmp(m->valuestring, "Timeout") == 0;
}

static void rename_key(cJSON *obj, const char *from, const char *to)
{
    cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(obj, from);
    if (v)
        cJSON_AddItemToObject(obj, to, v);
}

/* Every literal term below v gets its datatype key renamed (fault terms-datatype-respelled). */
static void respell_datatypes(cJSON *v, const char *from, const char *to)
{
    const cJSON *t = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "t") : NULL;
    if (cJSON_IsString(t) && strcmp(t->valuestring, "l") == 0)
        rename_key(v, from, to);
    cJSON *x;
    cJSON_ArrayForEach(x, v) {
        respell_datatypes(x, from, to);
    }
}

/* Rewrites of the services' payloads (faults of the service requirements). */
static void rewrite_payload(const tg_faults *f, tg_profile p, const char *service, cJSON *resp)
{
    if (f->on[MOCK_TG_TERMS_DATATYPE_RESPELLED]) {
        bool gw = p == TG_PROFILE_GATEWAY;
        respell_datatypes(resp, gw ? "dt" : "d", gw ? "d" : "dt");
    }
    if (f->on[MOCK_TG_LIBRARIAN_TITLE_DROPPED] && is(service, "librarian")) {
        cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(resp, "document-metadata"), "title");
        cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(resp, "document-metadatas")) {
            cJSON_DeleteItemFromObjectCaseSensitive(m, "title");
        }
    }
    if (f->on[MOCK_TG_UPLOAD_MISSING_UNLISTED] && is(service, "librarian") && cJSON_HasObjectItem(resp, "missing-chunks"))
        cJSON_ReplaceItemInObjectCaseSensitive(resp, "missing-chunks", cJSON_CreateArray());
    if (f->on[MOCK_TG_PROCESSING_LIST_EMPTY] && is(service, "librarian") && cJSON_HasObjectItem(resp, "processing-metadatas"))
        cJSON_ReplaceItemInObjectCaseSensitive(resp, "processing-metadatas", cJSON_CreateArray());
    if (f->on[MOCK_TG_NLP_QUERY_KEYS_RESPELLED] && is(service, "nlp-query")) {
        if (cJSON_HasObjectItem(resp, "graphql_query")) {
            rename_key(resp, "graphql_query", "graphql-query");
            rename_key(resp, "detected_schemas", "detected-schemas");
        } else {
            rename_key(resp, "graphql-query", "graphql_query");
            rename_key(resp, "detected-schemas", "detected_schemas");
        }
    }
    if (f->on[MOCK_TG_DIAG_OPERATION_MISSING] && is(service, "structured-diag"))
        cJSON_DeleteItemFromObjectCaseSensitive(resp, "operation");
    const cJSON *ask = cJSON_GetObjectItemCaseSensitive(resp, "ask-result");
    if (f->on[MOCK_TG_SPARQL_ASK_INVERTED] && cJSON_IsBool(ask))
        cJSON_ReplaceItemInObjectCaseSensitive(resp, "ask-result", cJSON_CreateBool(!cJSON_IsTrue(ask)));
}

/* One frame's rewrites. */
static void rewrite_frame(const tg_faults *f, tg_profile p, const char *service, cJSON *fr, bool final)
{
    const bool gw = p == TG_PROFILE_GATEWAY;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(fr, "id");
    if (f->on[MOCK_TG_WRONG_ID] && cJSON_IsString(id)) {
        size_t n = strlen(id->valuestring);
        char *x = malloc(n + 3);
        if (x) {
            memcpy(x, id->valuestring, n);
            memcpy(x + n, "-x", 3);
            cJSON_ReplaceItemInObjectCaseSensitive(fr, "id", cJSON_CreateString(x));
            free(x);
        }
    }
    if (f->on[MOCK_TG_GW_NUMERIC_ID_STRING] && gw && cJSON_IsNumber(id)) {
        char *text = cJSON_PrintUnformatted(id);
        if (text)
            cJSON_ReplaceItemInObjectCaseSensitive(fr, "id", cJSON_CreateString(text));
        cJSON_free(text);
    }
    if (f->on[MOCK_TG_GW_COMPLETE_MISSING] && gw && !final)
        cJSON_DeleteItemFromObjectCaseSensitive(fr, "complete");
    if (f->on[MOCK_TG_LOAD_ERRORS_SWALLOWED] && is_load(service)) {
        cJSON_DeleteItemFromObjectCaseSensitive(fr, "error");
        cJSON *r = cJSON_GetObjectItemCaseSensitive(fr, "response");
        if (r)
            cJSON_DeleteItemFromObjectCaseSensitive(r, "error");
        else
            cJSON_AddObjectToObject(fr, "response");
    }
    cJSON *err = cJSON_GetObjectItemCaseSensitive(fr, "error");
    cJSON *resp = cJSON_GetObjectItemCaseSensitive(fr, "response");
    cJSON *inner = cJSON_GetObjectItemCaseSensitive(resp, "error");
    if (f->on[MOCK_TG_SPEC_TIMEOUT_INSIDE] && !gw && is_timeout(service, err)) {
        cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(fr, "error");
        cJSON *r = cJSON_AddObjectToObject(fr, "response");
        cJSON_AddItemToObject(r, "error", moved);
        return;
    }
    if (f->on[MOCK_TG_GW_TIMEOUT_TOP] && gw && is_timeout(service, inner)) {
        cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(resp, "error");
        cJSON_DeleteItemFromObjectCaseSensitive(fr, "response");
        cJSON_AddItemToObject(fr, "error", moved);
        return;
    }
    if (cJSON_IsObject(err)) {
        if (f->on[MOCK_TG_GW_FLOW_TEXT] && gw)
            replace_message(err, "Invalid flow", "Flow not found");
        if (f->on[MOCK_TG_SPEC_FLOW_TEXT] && !gw)
            replace_message(err, "Flow not found", "Invalid flow");
        if (f->on[MOCK_TG_SPEC_ENVELOPE_TYPE] && !gw && is(error_type(err), "gateway-error"))
            cJSON_ReplaceItemInObjectCaseSensitive(err, "type", cJSON_CreateString("error"));
        if (f->on[MOCK_TG_SPEC_SERVICE_ERROR_INSIDE] && !gw && !is(error_type(err), "gateway-error")) {
            cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(fr, "error");
            cJSON *r = cJSON_AddObjectToObject(fr, "response");
            cJSON_AddItemToObject(r, "error", moved);
        }
    }
    if (cJSON_IsObject(inner) && gw) {
        bool translator = is(error_type(inner), "gateway-error");
        if ((translator && f->on[MOCK_TG_GW_MISSING_FIELD_TOP]) || (!translator && f->on[MOCK_TG_GW_SERVICE_ERROR_TOP])) {
            cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(resp, "error");
            cJSON_DeleteItemFromObjectCaseSensitive(fr, "response");
            cJSON_AddItemToObject(fr, "error", moved);
            resp = NULL;
        }
    }
    if (!cJSON_IsObject(resp))
        return;
    rewrite_payload(f, p, service, resp);
    if (f->on[MOCK_TG_SPEC_CHUNK_TYPE_RENAMED] && !gw && is(service, "agent")) {
        cJSON *ct = cJSON_DetachItemFromObjectCaseSensitive(resp, "chunk-type");
        if (ct)
            cJSON_AddItemToObject(resp, "message_type", ct);
    }
    if (f->on[MOCK_TG_SPEC_RAG_LAST_CHUNK_LOST] && !gw && final && is_rag(service) && cJSON_HasObjectItem(resp, "content"))
        cJSON_ReplaceItemInObjectCaseSensitive(resp, "content", cJSON_CreateString(""));
    if (f->on[MOCK_TG_GW_NO_END_OF_DIALOG] && gw && final && is(service, "agent"))
        set_bool(resp, "end_of_dialog", false);
    if (f->on[MOCK_TG_GW_NO_END_OF_SESSION] && gw && final && is_rag(service))
        set_bool(resp, "end_of_session", false);
    if (f->on[MOCK_TG_EMBEDDINGS_REVERSED] && is(service, "embeddings"))
        reverse_array(cJSON_GetObjectItemCaseSensitive(resp, "vectors"));
    if (f->on[MOCK_TG_CONFIG_VERSION_FROZEN] && is(service, "config") &&
        cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(resp, "version")))
        cJSON_ReplaceItemInObjectCaseSensitive(resp, "version", cJSON_CreateNumber(1));
}

/* A knowledge frame carrying graph embeddings. */
static bool has_graph_embeddings(const char *text)
{
    cJSON *fr = cJSON_Parse(text);
    bool yes = cJSON_HasObjectItem(cJSON_GetObjectItemCaseSensitive(fr, "response"), "graph-embeddings");
    cJSON_Delete(fr);
    return yes;
}

void tg_fault_answer(const tg_faults *f, tg_profile p, const char *service, tg_out *out)
{
    if (!f->any || out->count == 0)
        return;
    if (f->on[MOCK_TG_KG_EMBEDDINGS_MISSING] && is(service, "knowledge")) {
        size_t kept = 0;
        for (size_t i = 0; i < out->count; i++) {
            if (i + 1 < out->count && has_graph_embeddings(out->msgs[i].text))
                free(out->msgs[i].text);
            else
                out->msgs[kept++] = out->msgs[i];
        }
        out->count = kept;
    }
    if (f->on[MOCK_TG_STREAM_DOCUMENT_PIECE_LOST] && is(service, "librarian") && out->count >= 2) {
        /* Only stream-document answers the librarian in more than one frame. */
        free(out->msgs[0].text);
        memmove(out->msgs, out->msgs + 1, (out->count - 1) * sizeof *out->msgs);
        out->count--;
    }
    for (size_t i = 0; i < out->count; i++) {
        cJSON *fr = cJSON_Parse(out->msgs[i].text);
        if (!fr)
            continue;
        rewrite_frame(f, p, service, fr, i + 1 == out->count);
        char *text = cJSON_PrintUnformatted(fr);
        cJSON_Delete(fr);
        if (text) {
            free(out->msgs[i].text);
            out->msgs[i].text = text;
        }
    }
    if (out->count >= 2 && f->on[MOCK_TG_NO_FINAL]) {
        free(out->msgs[out->count - 1].text);
        out->count--;
    } else if (out->count >= 2 && f->on[MOCK_TG_FRAME_AFTER_FINAL]) {
        char *copy = strdup(out->msgs[out->count - 2].text);
        if (copy)
            tg_out_push(out, 1, copy);
    }
}

bool tg_fault_is_envelope_error(const tg_out *out)
{
    if (out->count != 1)
        return false;
    cJSON *fr = cJSON_Parse(out->msgs[0].text);
    bool yes = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(fr, "error"));
    cJSON_Delete(fr);
    return yes;
}

void tg_fault_rest(const tg_faults *f, tg_profile p, wsrv_response *res)
{
    if (!f->any)
        return;
    bool error = res->body && strncmp(res->body, "{\"error\"", 8) == 0;
    if (f->on[MOCK_TG_REST_GET_404] && res->status == 405)
        res->status = 404;
    if (f->on[MOCK_TG_SPEC_REST_401_TEXT] && p == TG_PROFILE_SPEC && res->status == 401) {
        char *text = strdup("401: Unauthorized");
        if (text) {
            free(res->body);
            res->body = text;
            res->body_len = strlen(text);
            res->content_type = "text/plain";
        }
    }
    if (f->on[MOCK_TG_SPEC_REST_200] && p == TG_PROFILE_SPEC && res->status == 500)
        res->status = 200;
    if (f->on[MOCK_TG_GW_REST_500] && p == TG_PROFILE_GATEWAY && res->status == 200 && error)
        res->status = 500;
    if (f->on[MOCK_TG_REST_ENVELOPE] && res->status == 200 && res->body && res->body[0] == '{' && !error) {
        size_t n = strlen(res->body);
        char *wrapped = malloc(n + 16);
        if (wrapped) {
            memcpy(wrapped, "{\"response\":", 12);
            memcpy(wrapped + 12, res->body, n);
            memcpy(wrapped + 12 + n, "}", 2);
            free(res->body);
            res->body = wrapped;
            res->body_len = n + 13;
        }
    }
}

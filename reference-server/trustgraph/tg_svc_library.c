/* The librarian, knowledge and collection-management services (global). */
#include "tg_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trustgraph/tg_base64.h"
#include "trustgraph/tg_flows.h"

#define STREAM_CHUNK_DEFAULT 1024

static bool valid_b64(const char *s)
{
    size_t len;
    unsigned char *b = s ? mock_tg_b64_decode(s, &len) : NULL;
    free(b);
    return b != NULL;
}

static void stream_document(tg_call *c)
{
    const char *id = tg_str(c->req, "document-id");
    const char *content = mock_tg_library_content(&c->world->library, tg_str(c->req, "user"), id);
    if (!id || !content) {
        tg_fail(c, "request-error", id ? "Document not found" : "Document ID must be specified");
        return;
    }
    long chunk = tg_long(c->req, "chunk-size", STREAM_CHUNK_DEFAULT);
    if (chunk < 1)
        chunk = STREAM_CHUNK_DEFAULT;
    size_t len;
    unsigned char *bytes = mock_tg_b64_decode(content, &len);
    if (!bytes) {
        tg_fail(c, "unexpected-error", "Stored content is not base64");
        return;
    }
    size_t total = len ? (len + (size_t)chunk - 1) / (size_t)chunk : 1;
    for (size_t k = 0; k < total; k++) {
        size_t from = k * (size_t)chunk, n = len - from < (size_t)chunk ? len - from : (size_t)chunk;
        char *piece = mock_tg_b64_encode(bytes + from, len ? n : 0);
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "document-id", id);
        cJSON_AddNumberToObject(r, "chunk-index", (double)k);
        cJSON_AddNumberToObject(r, "total-chunks", (double)total);
        cJSON_AddStringToObject(r, "content", piece ? piece : "");
        if (!tg_gw(c))
            cJSON_AddBoolToObject(r, "end-of-stream", k + 1 == total);
        free(piece);
        tg_send(c, r, k + 1 == total, k ? c->world->opts.delay_ms : 0);
    }
    free(bytes);
}

void tg_svc_librarian(tg_call *c)
{
    const char *op = tg_str(c->req, "operation");
    char err[200];
    if (op && strcmp(op, "stream-document") == 0) {
        stream_document(c);
        return;
    }
    if (!tg_gw(c) && op) {
        /* The document names processing start/stop and has no update or *-processing ops. */
        if (strcmp(op, "start-processing") == 0)
            op = "add-processing";
        else if (strcmp(op, "stop-processing") == 0)
            op = "remove-processing";
        else if (strcmp(op, "update-document") == 0 || strcmp(op, "add-processing") == 0 ||
                 strcmp(op, "remove-processing") == 0) {
            snprintf(err, sizeof err, "Invalid operation: %.150s", op);
            tg_fail(c, "request-error", err);
            return;
        }
    }
    if (op && (strcmp(op, "add-document") == 0 || strcmp(op, "add-child-document") == 0 ||
               strcmp(op, "upload-chunk") == 0)) {
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(c->req, "content");
        if (content && (!cJSON_IsString(content) || !valid_b64(content->valuestring))) {
            /* The gateway decodes and re-encodes content before the librarian sees it. */
            tg_frame_request_error(c->out, c->profile, c->id,
                                   tg_gw(c) ? "Incorrect padding" : "Invalid field: content (must be base64)");
            return;
        }
    }
    cJSON *res = NULL;
    if (mock_tg_library_op(&c->world->library, op, c->req, &res, err, sizeof err) != 0) {
        tg_fail(c, "request-error", err);
        return;
    }
    tg_send(c, res, true, 0);
}

/* get-kg-core frames in the spec shape: entity vectors as "vectors" (a list of vectors). */
static void spec_entities(cJSON *frame)
{
    cJSON *ge = cJSON_GetObjectItemCaseSensitive(frame, "graph-embeddings");
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ge, "entities")) {
        cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(e, "vector");
        cJSON *vs = cJSON_AddArrayToObject(e, "vectors");
        cJSON_AddItemToArray(vs, v);
    }
}

static void spec_terms(tg_call *c, cJSON *frame)
{
    cJSON *t = cJSON_GetObjectItemCaseSensitive(frame, "triples");
    cJSON *list = cJSON_GetObjectItemCaseSensitive(t, "triples");
    cJSON *out = cJSON_CreateArray();
    const cJSON *x;
    cJSON_ArrayForEach(x, list) {
        cJSON_AddItemToArray(out, tg_triple_out(c, x));
    }
    if (list)
        cJSON_ReplaceItemInObjectCaseSensitive(t, "triples", out);
    else
        cJSON_Delete(out);
}

static void get_core(tg_call *c, const char *user, const char *id)
{
    const cJSON *core = mock_tg_knowledge_get(&c->world->knowledge, user, id);
    if (!id || !core) {
        tg_fail(c, "request-error", id ? "Core not found" : "Core ID must be specified");
        return;
    }
    cJSON *frames = mock_tg_knowledge_stream(core, tg_str(c->req, "collection"), c->world->opts.kg_batch);
    cJSON *f;
    while ((f = cJSON_DetachItemFromArray(frames, 0))) {
        if (!tg_gw(c)) {
            spec_entities(f);
            spec_terms(c, f);
            cJSON_AddBoolToObject(f, "end-of-stream", false);
        }
        tg_send(c, f, false, c->world->opts.delay_ms);
    }
    cJSON_Delete(frames);
    cJSON *end = cJSON_CreateObject();
    cJSON_AddBoolToObject(end, tg_key(c, "eos", "end-of-stream"), true);
    tg_send(c, end, true, c->world->opts.delay_ms);
}

static void put_core(tg_call *c, const char *user, const char *id)
{
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->req, "triples"), "triples");
    const cJSON *ge = cJSON_GetObjectItemCaseSensitive(c->req, "graph-embeddings");
    cJSON *triples = cJSON_CreateArray(), *entities = cJSON_CreateArray();
    const cJSON *x;
    cJSON_ArrayForEach(x, tr) {
        cJSON *t = cJSON_CreateObject();
        static const char *const parts[] = { "s", "p", "o" };
        for (int i = 0; i < 3; i++) {
            cJSON *term = tg_term_in(c, cJSON_GetObjectItemCaseSensitive(x, parts[i]));
            if (term)
                cJSON_AddItemToObject(t, parts[i], term);
        }
        cJSON_AddItemToArray(triples, t);
    }
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(ge, "entities")) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "entity", tg_term_in(c, cJSON_GetObjectItemCaseSensitive(x, "entity")));
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(x, "vector");
        const cJSON *vs = cJSON_GetObjectItemCaseSensitive(x, "vectors");
        if (!v && cJSON_IsArray(vs))
            v = cJSON_IsArray(cJSON_GetArrayItem(vs, 0)) ? cJSON_GetArrayItem(vs, 0) : vs;
        cJSON_AddItemToObject(e, "vector", v ? cJSON_Duplicate(v, 1) : cJSON_CreateArray());
        cJSON_AddItemToArray(entities, e);
    }
    char err[160];
    int rc = mock_tg_knowledge_put(&c->world->knowledge, user, id, triples, entities, err, sizeof err);
    cJSON_Delete(triples);
    cJSON_Delete(entities);
    if (rc != 0)
        tg_fail(c, "request-error", err);
    else
        tg_send(c, cJSON_CreateObject(), true, 0);
}

void tg_svc_knowledge(tg_call *c)
{
    const char *op = tg_str(c->req, "operation");
    const char *user = tg_str(c->req, "user");
    const char *id = tg_str(c->req, "id");
    char err[200];
    int rc;
    if (op && strcmp(op, "list-kg-cores") == 0) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToObject(r, "ids", mock_tg_knowledge_list(&c->world->knowledge, user));
        tg_send(c, r, true, 0);
        return;
    }
    if (op && strcmp(op, "get-kg-core") == 0) {
        get_core(c, user, id);
        return;
    }
    if (op && strcmp(op, "put-kg-core") == 0) {
        put_core(c, user, id);
        return;
    }
    if (op && strcmp(op, "delete-kg-core") == 0) {
        rc = mock_tg_knowledge_delete(&c->world->knowledge, user, id, err, sizeof err);
    } else if (op && (strcmp(op, "load-kg-core") == 0 || strcmp(op, "unload-kg-core") == 0)) {
        const char *flow = tg_str(c->req, "flow");
        rc = mock_tg_knowledge_load(&c->world->knowledge, &c->world->triples, user, id, flow,
                                    mock_tg_flows_running(&c->world->config, flow), op[0] == 'u', err, sizeof err);
    } else {
        snprintf(err, sizeof err, "Invalid operation: %.150s", op ? op : "None");
        rc = -1;
    }
    if (rc != 0)
        tg_fail(c, "request-error", err);
    else
        tg_send(c, cJSON_CreateObject(), true, 0);
}

void tg_svc_collections(tg_call *c)
{
    const char *op = tg_str(c->req, "operation");
    const char *user = tg_str(c->req, "user");
    const char *coll = tg_str(c->req, "collection");
    mock_tg_collections *store = &c->world->collections;
    char err[200];
    if (!user)
        user = "trustgraph";
    if (op && strcmp(op, "list-collections") == 0) {
        const cJSON *filter = cJSON_GetObjectItemCaseSensitive(c->req, tg_key(c, "tag_filter", "tag-filter"));
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToObject(r, "collections",
                              mock_tg_collections_list(store, user, filter, tg_long(c->req, "limit", -1)));
        tg_send(c, r, true, 0);
        return;
    }
    int rc;
    if (op && strcmp(op, "update-collection") == 0) {
        rc = mock_tg_collections_update(store, user, coll, tg_str(c->req, "name"), tg_str(c->req, "description"),
                                        cJSON_GetObjectItemCaseSensitive(c->req, "tags"), err, sizeof err);
        if (rc == 0) {
            cJSON *all = mock_tg_collections_list(store, user, NULL, -1);
            cJSON *r = cJSON_CreateObject();
            cJSON *list = cJSON_AddArrayToObject(r, "collections");
            cJSON *x;
            cJSON_ArrayForEach(x, all) {
                if (strcmp(tg_str(x, "collection"), coll) == 0) {
                    cJSON_AddItemToArray(list, cJSON_Duplicate(x, 1));
                    break;
                }
            }
            cJSON_Delete(all);
            tg_send(c, r, true, 0);
            return;
        }
    } else if (op && strcmp(op, "delete-collection") == 0) {
        rc = mock_tg_collections_delete(store, user, coll, err, sizeof err);
    } else {
        snprintf(err, sizeof err, "Invalid collection operation: %.150s", op ? op : "None");
        rc = -1;
    }
    if (rc != 0)
        tg_fail(c, "request-error", err);
    else
        tg_send(c, cJSON_CreateObject(), true, 0);
}

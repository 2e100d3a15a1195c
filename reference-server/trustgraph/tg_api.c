#include "tg_api.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tg_pyjson.h"
#include "tg_svc.h"
#include "trustgraph/tg_flows.h"

typedef struct service {
    const char *name;
    tg_handler handler;
} service;

static const service globals[] = {
    { "config", tg_svc_config },
    { "flow", tg_svc_flow },
    { "librarian", tg_svc_librarian },
    { "knowledge", tg_svc_knowledge },
    { "collection-management", tg_svc_collections },
};

/* The v2.3 gateway's flow dispatchers. */
static const service gateway_flow[] = {
    { "agent", tg_svc_agent },
    { "text-completion", tg_svc_text_completion },
    { "prompt", tg_svc_prompt },
    { "document-rag", tg_svc_rag },
    { "graph-rag", tg_svc_rag },
    { "embeddings", tg_svc_embeddings },
    { "graph-embeddings", tg_svc_graph_embeddings },
    { "document-embeddings", tg_svc_document_embeddings },
    { "row-embeddings", tg_svc_row_embeddings },
    { "triples", tg_svc_triples },
    { "rows", tg_svc_rows },
    { "nlp-query", tg_svc_nlp_query },
    { "structured-query", tg_svc_structured_query },
    { "structured-diag", tg_svc_structured_diag },
    { "mcp-tool", tg_svc_mcp_tool },
    { "sparql", tg_svc_sparql },
    { "text-load", tg_svc_text_load },
    { "document-load", tg_svc_document_load },
};

/* The document's flow-hosted services (its list plus the sparql-query path). */
static const service spec_flow[] = {
    { "agent", tg_svc_agent },
    { "text-completion", tg_svc_text_completion },
    { "prompt", tg_svc_prompt },
    { "document-rag", tg_svc_rag },
    { "graph-rag", tg_svc_rag },
    { "embeddings", tg_svc_embeddings },
    { "graph-embeddings", tg_svc_graph_embeddings },
    { "document-embeddings", tg_svc_document_embeddings },
    { "triples", tg_svc_triples },
    { "objects", tg_svc_rows },
    { "nlp-query", tg_svc_nlp_query },
    { "structured-query", tg_svc_structured_query },
    { "structured-diag", tg_svc_structured_diag },
    { "mcp-tool", tg_svc_mcp_tool },
    { "sparql-query", tg_svc_sparql },
    { "text-load", tg_svc_text_load },
    { "document-load", tg_svc_document_load },
};

#define COUNT(a) (sizeof a / sizeof *a)

static const service *flow_table(tg_profile p, size_t *n)
{
    if (p == TG_PROFILE_GATEWAY) {
        *n = COUNT(gateway_flow);
        return gateway_flow;
    }
    *n = COUNT(spec_flow);
    return spec_flow;
}

const char *const *tg_flow_kinds(tg_profile p, size_t *count)
{
    static const char *gw[COUNT(gateway_flow)], *sp[COUNT(spec_flow)];
    for (size_t i = 0; i < COUNT(gateway_flow); i++)
        gw[i] = gateway_flow[i].name;
    for (size_t i = 0; i < COUNT(spec_flow); i++)
        sp[i] = spec_flow[i].name;
    *count = p == TG_PROFILE_GATEWAY ? COUNT(gateway_flow) : COUNT(spec_flow);
    return p == TG_PROFILE_GATEWAY ? gw : sp;
}

int tg_world_init(mock_tg_world *w, tg_profile p, uint64_t seed, const mock_tg_opts *opts)
{
    size_t n;
    const char *const *kinds = tg_flow_kinds(p, &n);
    return mock_tg_world_init(w, seed, opts, kinds, n);
}

static const service *find(const service *table, size_t n, const cJSON *name)
{
    if (!cJSON_IsString(name))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].name, name->valuestring) == 0)
            return &table[i];
    return NULL;
}

/* Python's type name of a JSON value, as in "'list' object has no attribute 'get'". */
static const char *py_type(const cJSON *v)
{
    if (cJSON_IsArray(v))
        return "list";
    if (cJSON_IsString(v))
        return "str";
    if (cJSON_IsBool(v))
        return "bool";
    if (cJSON_IsNull(v))
        return "NoneType";
    if (cJSON_IsNumber(v)) {
        char *t = cJSON_PrintUnformatted(v);
        bool is_float = t && (strchr(t, '.') || strchr(t, 'e') || strchr(t, 'E'));
        cJSON_free(t);
        return is_float ? "float" : "int";
    }
    return "dict";
}

/* str(KeyError(value)) for the service lookup: Python's repr of the key, or the
 * TypeError text for keys that cannot be hashed. */
static void key_error_text(const cJSON *v, char *buf, size_t len)
{
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
        size_t o = 0;
        buf[o++] = q;
        for (; *s && o + 3 < len; s++) {
            if (*s == q || *s == '\\')
                buf[o++] = '\\';
            buf[o++] = *s;
        }
        buf[o++] = q;
        buf[o] = '\0';
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        snprintf(buf, len, "unhashable type: '%s'", py_type(v));
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "True" : "False");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, len, "None");
    } else {
        char *t = cJSON_PrintUnformatted(v);
        snprintf(buf, len, "%s", t ? t : "");
        cJSON_free(t);
    }
}

static void run(tg_handler h, mock_tg_world *w, tg_profile p, const cJSON *id, const cJSON *service,
                const char *flow, const cJSON *req, tg_out *out)
{
    if (!cJSON_IsObject(req)) {
        char msg[96];
        if (p == TG_PROFILE_GATEWAY)
            snprintf(msg, sizeof msg, "'%s' object has no attribute 'get'", py_type(req));
        else
            snprintf(msg, sizeof msg, "Invalid field: request (must be an object)");
        tg_frame_request_error(out, p, id, msg);
        return;
    }
    tg_call call = { .world = w, .profile = p, .id = id, .service = service->valuestring,
                     .flow = flow, .req = req, .out = out };
    size_t first = out->count;
    h(&call);
    if (call.slow_ms && out->count > first) {
        /* A slow back end: its first frame comes late (the dialect's timeout may win). */
        uint32_t *d = &out->msgs[first].delay_ms;
        *d = *d > UINT32_MAX - call.slow_ms ? UINT32_MAX : *d + call.slow_ms;
    }
}

static void route_gateway(mock_tg_world *w, const cJSON *root, tg_out *out)
{
    const tg_profile p = TG_PROFILE_GATEWAY;
    if (!cJSON_IsObject(root)) {
        char msg[96];
        snprintf(msg, sizeof msg, "'%s' object has no attribute 'get'", py_type(root));
        tg_frame_gateway_error(out, p, NULL, msg);
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "request");
    if (!req || !id) {
        tg_frame_gateway_error(out, p, id, "Bad message");
        return;
    }
    const cJSON *svc = cJSON_GetObjectItemCaseSensitive(root, "service");
    if (!svc) {
        tg_frame_gateway_error(out, p, id, "'service'");
        return;
    }
    const cJSON *flow = cJSON_GetObjectItemCaseSensitive(root, "flow");
    char msg[300];
    if (!tg_truthy(flow)) {
        const service *s = find(globals, COUNT(globals), svc);
        if (!s) {
            key_error_text(svc, msg, sizeof msg);
            tg_frame_gateway_error(out, p, id, msg);
            return;
        }
        run(s->handler, w, p, id, svc, NULL, req, out);
        return;
    }
    if (!cJSON_IsString(flow) || !mock_tg_flows_running(&w->config, flow->valuestring)) {
        tg_frame_gateway_error(out, p, id, "Invalid flow");
        return;
    }
    if (!cJSON_IsString(svc) || !mock_tg_flows_has_kind(&w->config, flow->valuestring, svc->valuestring)) {
        tg_frame_gateway_error(out, p, id, "This kind not supported by flow");
        return;
    }
    size_t n;
    const service *table = flow_table(p, &n);
    const service *s = find(table, n, svc);
    if (!s) {
        tg_frame_gateway_error(out, p, id, "Invalid kind");
        return;
    }
    run(s->handler, w, p, id, svc, flow->valuestring, req, out);
}

static void route_spec(mock_tg_world *w, const cJSON *root, tg_out *out)
{
    const tg_profile p = TG_PROFILE_SPEC;
    if (!cJSON_IsObject(root)) {
        tg_frame_gateway_error(out, p, NULL, "Message must be a JSON object");
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (!id) {
        tg_frame_gateway_error(out, p, NULL, "Missing required field: id");
        return;
    }
    if (!cJSON_IsString(id)) {
        tg_frame_gateway_error(out, p, id, "Invalid field: id (must be a string)");
        return;
    }
    const cJSON *svc = cJSON_GetObjectItemCaseSensitive(root, "service");
    if (!svc) {
        tg_frame_gateway_error(out, p, id, "Missing required field: service");
        return;
    }
    if (!cJSON_IsString(svc)) {
        tg_frame_gateway_error(out, p, id, "Invalid field: service (must be a string)");
        return;
    }
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "request");
    if (!req) {
        tg_frame_gateway_error(out, p, id, "Missing required field: request");
        return;
    }
    char msg[300];
    const service *s = find(globals, COUNT(globals), svc);
    if (s) {
        run(s->handler, w, p, id, svc, NULL, req, out);
        return;
    }
    size_t n;
    const service *table = flow_table(p, &n);
    s = find(table, n, svc);
    if (!s) {
        snprintf(msg, sizeof msg, "Unknown service: %.200s", svc->valuestring);
        tg_frame_gateway_error(out, p, id, msg);
        return;
    }
    const cJSON *flow = cJSON_GetObjectItemCaseSensitive(root, "flow");
    if (!flow || cJSON_IsNull(flow) || (cJSON_IsString(flow) && !*flow->valuestring)) {
        snprintf(msg, sizeof msg, "Flow required for service: %s", s->name);
        tg_frame_gateway_error(out, p, id, msg);
        return;
    }
    if (!cJSON_IsString(flow) || !mock_tg_flows_running(&w->config, flow->valuestring)) {
        tg_frame_gateway_error(out, p, id, "Flow not found");
        return;
    }
    if (!mock_tg_flows_has_kind(&w->config, flow->valuestring, s->name)) {
        snprintf(msg, sizeof msg, "Service not available in flow: %s", s->name);
        tg_frame_gateway_error(out, p, id, msg);
        return;
    }
    run(s->handler, w, p, id, svc, flow->valuestring, req, out);
}

int tg_handle(mock_tg_world *w, tg_profile p, const char *data, size_t len, tg_out *out)
{
    char msg[200];
    if (!tg_pyjson_check(data, len, msg, sizeof msg)) {
        tg_frame_gateway_error(out, p, NULL, p == TG_PROFILE_GATEWAY ? msg : "Invalid JSON");
        return out->oom ? -1 : 0;
    }
    cJSON *root = cJSON_ParseWithLength(data, len);
    if (!root) {
        /* Valid for Python but beyond cJSON (memory). */
        tg_frame_gateway_error(out, p, NULL, p == TG_PROFILE_GATEWAY ? "Out of memory" : "Invalid JSON");
        return -1;
    }
    size_t before = out->count;
    if (p == TG_PROFILE_GATEWAY)
        route_gateway(w, root, out);
    else
        route_spec(w, root, out);
    if (out->count == before && !out->oom)
        tg_frame_gateway_error(out, p, cJSON_GetObjectItemCaseSensitive(root, "id"), "Internal error");
    cJSON_Delete(root);
    return out->oom ? -1 : 0;
}

cJSON *tg_frame_id(const char *data, size_t len)
{
    cJSON *root = cJSON_ParseWithLength(data, len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    cJSON *copy = id ? cJSON_Duplicate(id, 1) : NULL;
    cJSON_Delete(root);
    return copy;
}

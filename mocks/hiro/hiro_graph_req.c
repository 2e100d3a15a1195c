/* Graph API request envelopes and their parameters. */
#include "hiro_graph_msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    hiro_graph_type type;
} TYPES[] = {
    { "get", HIRO_G_GET },         { "create", HIRO_G_CREATE },     { "update", HIRO_G_UPDATE },
    { "replace", HIRO_G_REPLACE }, { "delete", HIRO_G_DELETE },     { "connect", HIRO_G_CONNECT },
    { "query", HIRO_G_QUERY },     { "writets", HIRO_G_WRITETS },   { "streamts", HIRO_G_STREAMTS },
    { "history", HIRO_G_HISTORY }, { "me", HIRO_G_ME },             { "getme", HIRO_G_ME },
    { "getcontent", HIRO_G_GETCONTENT }, { "meta", HIRO_G_META },
};

static int bad(hiro_status *st, const char *fmt, const char *arg)
{
    if (st) {
        st->code = 400;
        snprintf(st->message, sizeof st->message, fmt, arg ? arg : "");
    }
    return -1;
}

/* An optional member that must be an object: NULL when absent or null; *ok false when
 * it is something else. */
static const cJSON *optional_object(const cJSON *root, const char *name, bool *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsObject(v))
        *ok = false;
    return cJSON_IsObject(v) ? v : NULL;
}

int hiro_graph_req_parse(const char *text, size_t len, hiro_graph_req *req, hiro_status *st)
{
    memset(req, 0, sizeof *req);
    req->root = text ? cJSON_ParseWithLength(text, len) : NULL;
    if (!req->root)
        return bad(st, "request is not JSON", NULL);
    if (!cJSON_IsObject(req->root))
        return bad(st, "request is not a JSON object", NULL);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(req->root, "id");
    if (cJSON_IsString(id) || cJSON_IsNumber(id))
        req->id = id;
    else
        return bad(st, "request needs \"id\": a string or a number", NULL);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(req->root, "type");
    if (!cJSON_IsString(type))
        return bad(st, "request needs \"type\": <string>", NULL);
    size_t i = 0, n = sizeof TYPES / sizeof TYPES[0];
    while (i < n && strcmp(TYPES[i].name, type->valuestring) != 0)
        i++;
    if (i == n) {
        char shown[64];
        snprintf(shown, sizeof shown, "%.40s%s", type->valuestring, strlen(type->valuestring) > 40 ? "..." : "");
        return bad(st, "unknown request type \"%s\"", shown);
    }
    req->type = TYPES[i].type;
    req->type_name = TYPES[i].name;
    const cJSON *token = cJSON_GetObjectItemCaseSensitive(req->root, "_TOKEN");
    if (token && !cJSON_IsNull(token) && !cJSON_IsString(token))
        return bad(st, "\"_TOKEN\" must be a string", NULL);
    req->token = cJSON_IsString(token) ? token->valuestring : NULL;
    bool ok = true;
    req->headers = optional_object(req->root, "headers", &ok);
    if (!ok)
        return bad(st, "\"headers\" must be an object", NULL);
    req->body = optional_object(req->root, "body", &ok);
    if (!ok)
        return bad(st, "\"body\" must be an object", NULL);
    return 0;
}

void hiro_graph_req_free(hiro_graph_req *req)
{
    if (!req)
        return;
    cJSON_Delete(req->root);
    memset(req, 0, sizeof *req);
}

const cJSON *hiro_graph_param(const hiro_graph_req *req, const char *name)
{
    const cJSON *where[2] = { req->headers, req->body };
    for (int i = 0; i < 2; i++) {
        const cJSON *v = where[i] ? cJSON_GetObjectItemCaseSensitive(where[i], name) : NULL;
        if (v && !cJSON_IsFalse(v) && !cJSON_IsNull(v))
            return v;
    }
    return NULL;
}

const char *hiro_graph_param_text(const hiro_graph_req *req, const char *name, char *buf, size_t size)
{
    const cJSON *v = hiro_graph_param(req, name);
    int n;
    if (cJSON_IsString(v))
        n = snprintf(buf, size, "%s", v->valuestring);
    else if (cJSON_IsTrue(v))
        n = snprintf(buf, size, "true");
    else if (cJSON_IsNumber(v)) {
        n = snprintf(buf, size, "%.15g", v->valuedouble);
        if (n >= 0 && (size_t)n < size && strtod(buf, NULL) != v->valuedouble)
            n = snprintf(buf, size, "%.17g", v->valuedouble);
    } else
        return NULL;
    return n >= 0 && (size_t)n < size ? buf : NULL;
}

bool hiro_graph_param_bool(const hiro_graph_req *req, const char *name)
{
    const cJSON *v = hiro_graph_param(req, name);
    return cJSON_IsTrue(v) || (cJSON_IsString(v) && strcmp(v->valuestring, "true") == 0);
}

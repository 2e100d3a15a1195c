#include "tg_rest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tg_api.h"
#include "tg_dialect.h"
#include "tg_pyjson.h"

static void reply(wsrv_response *res, int status, const char *type, char *body)
{
    res->status = status;
    res->content_type = type;
    res->body = body;
    res->body_len = body ? strlen(body) : 0;
}

static void reply_json(wsrv_response *res, int status, cJSON *json)
{
    char *text = json ? cJSON_PrintUnformatted(json) : NULL;
    cJSON_Delete(json);
    reply(res, status, "application/json", text ? strdup(text) : NULL);
    cJSON_free(text);
}

/* The gateway's own exceptions come back as {"error": "<text>"} with status 200. */
static void gateway_exception(wsrv_response *res, const char *message)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "error", message);
    reply_json(res, 200, j);
}

/* Gateway: the first word of Authorization must be "Bearer" (else 401 even without a
 * secret); the token is what follows. Spec: only checked when a secret is set. */
static bool authorised(tg_profile p, const char *secret, const char *header)
{
    if (p == TG_PROFILE_GATEWAY && header) {
        const char *space = strchr(header, ' ');
        size_t word = space ? (size_t)(space - header) : strlen(header);
        if (word != 6 || strncmp(header, "Bearer", 6) != 0)
            return false;
    }
    if (!secret)
        return true;
    if (!header || strncmp(header, "Bearer ", 7) != 0)
        return false;
    return strcmp(header + 7, secret) == 0;
}

/* Splits the path into kind and flow; false when it is not a service path. */
static bool service_path(const char *path, char *kind, size_t klen, char *flow, size_t flen)
{
    static const char prefix[] = "/api/v1/";
    static const char flow_prefix[] = "/api/v1/flow/";
    flow[0] = '\0';
    if (strncmp(path, flow_prefix, sizeof flow_prefix - 1) == 0) {
        const char *f = path + sizeof flow_prefix - 1;
        const char *mid = strstr(f, "/service/");
        if (!mid || mid == f || (size_t)(mid - f) >= flen)
            return false;
        memcpy(flow, f, (size_t)(mid - f));
        flow[mid - f] = '\0';
        const char *k = mid + 9;
        if (!*k || strchr(k, '/') || strlen(k) >= klen)
            return false;
        strcpy(kind, k);
        return true;
    }
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *k = path + sizeof prefix - 1;
    if (!*k || strchr(k, '/') || strlen(k) >= klen || strcmp(k, "socket") == 0)
        return false;
    strcpy(kind, k);
    return true;
}

void tg_rest(mock_tg_world *w, tg_profile p, const char *secret, const wsrv_request *req, wsrv_response *res)
{
    if (strcmp(req->path, TG_SOCKET_PATH) == 0) {
        /* A plain request on the socket path: aiohttp's answer to a missing upgrade. */
        reply(res, 400, "text/plain", strdup(p == TG_PROFILE_GATEWAY
            ? "No WebSocket UPGRADE hdr: None\n Can \"Upgrade\" only to \"WebSocket\"."
            : "Expected a WebSocket upgrade"));
        return;
    }
    char kind[128], flow[256];
    if (!service_path(req->path, kind, sizeof kind, flow, sizeof flow))
        return;
    if (strcmp(req->method, "POST") != 0) {
        reply(res, 405, "text/plain", strdup("405: Method Not Allowed"));
        return;
    }
    if (!authorised(p, secret, req->header(req, "authorization"))) {
        if (p == TG_PROFILE_GATEWAY)
            reply(res, 401, "text/plain", strdup("401: Unauthorized"));
        else
            reply(res, 401, "application/json", strdup("{\"error\":\"Unauthorized\"}"));
        return;
    }
    char msg[200];
    if (!tg_pyjson_check(req->body ? req->body : "", req->body ? req->body_len : 0, msg, sizeof msg)) {
        if (p == TG_PROFILE_GATEWAY) {
            gateway_exception(res, msg);
        } else {
            cJSON *j = cJSON_CreateObject();
            cJSON *e = cJSON_AddObjectToObject(j, "error");
            cJSON_AddStringToObject(e, "type", "gateway-error");
            cJSON_AddStringToObject(e, "message", "Invalid JSON");
            reply_json(res, 500, j);
        }
        return;
    }
    /* The same request as one socket frame. */
    cJSON *frame = cJSON_CreateObject();
    cJSON_AddStringToObject(frame, "id", "rest");
    cJSON_AddStringToObject(frame, "service", kind);
    if (flow[0])
        cJSON_AddStringToObject(frame, "flow", flow);
    cJSON *body = cJSON_ParseWithLength(req->body, req->body_len);
    cJSON_AddItemToObject(frame, "request", body ? body : cJSON_CreateNull());
    char *text = cJSON_PrintUnformatted(frame);
    cJSON_Delete(frame);
    tg_out out = { 0 };
    if (text)
        tg_handle(w, p, text, strlen(text), &out);
    cJSON_free(text);
    cJSON *last = out.count ? cJSON_Parse(out.msgs[out.count - 1].text) : NULL;
    tg_out_free(&out);
    if (!last) {
        reply(res, 500, "text/plain", strdup("Out of memory"));
        return;
    }
    cJSON *error = cJSON_DetachItemFromObjectCaseSensitive(last, "error");
    cJSON *response = cJSON_DetachItemFromObjectCaseSensitive(last, "response");
    cJSON_Delete(last);
    if (error && p == TG_PROFILE_GATEWAY) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(error, "message");
        gateway_exception(res, cJSON_IsString(m) ? m->valuestring : "");
        cJSON_Delete(error);
        cJSON_Delete(response);
        return;
    }
    if (error) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "error", error);
        cJSON_Delete(response);
        reply_json(res, 500, j);
        return;
    }
    reply_json(res, 200, response ? response : cJSON_CreateObject());
}

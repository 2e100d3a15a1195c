#include "kn_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kinode/kn_auth.h"
#include "kinode/kn_jwt.h"

static const char kn_login_page[] =
    "<!DOCTYPE html>\n<html><head><title>Login</title></head><body>"
    "<form method=\"post\" action=\"/login\"><input type=\"password\" name=\"password\"></form>"
    "</body></html>\n";

static void kn_reply(wsrv_response *res, int status, const char *ctype, const char *body, size_t len)
{
    res->status = status;
    res->content_type = ctype;
    if (!body)
        return;
    res->body = malloc(len ? len : 1);
    if (!res->body) {
        res->status = 500;
        return;
    }
    memcpy(res->body, body, len);
    res->body_len = len;
}

static void kn_login(kn_node *n, const wsrv_request *req, wsrv_response *res)
{
    cJSON *body = cJSON_ParseWithLength(req->body ? req->body : "", req->body_len);
    const cJSON *hash = cJSON_GetObjectItemCaseSensitive(body, "password_hash");
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(body, "subdomain");
    if (!cJSON_IsObject(body) || !cJSON_IsString(hash) || (sub && !cJSON_IsNull(sub))) {
        /* Tokens for secure subdomain bindings are not served by this node. */
        cJSON_Delete(body);
        kn_reply(res, 400, "text/plain", "bad login request", 17);
        return;
    }
    bool ok = strcmp(hash->valuestring, n->cfg.password_hash) == 0;
    cJSON_Delete(body);
    if (!ok) {
        kn_reply(res, 401, "text/plain", "wrong password", 14);
        return;
    }
    uint64_t exp = (uint64_t)wsrv_wall_time_s() + KN_LOGIN_LIFETIME_S;
    char *tok = kn_jwt_mint(n->cfg.jwt_secret, n->cfg.jwt_secret_len, n->cfg.node, exp);
    if (!tok) {
        kn_reply(res, 500, NULL, NULL, 0);
        return;
    }
    const char *prefix = n->fault[MOCK_KN_LOGIN_COOKIE_WRONG_NAME] ? "uqbar-auth_" : "kinode-auth_";
    size_t hl = strlen(prefix) + strlen(n->cfg.node) + strlen(tok) + 32;
    res->headers = malloc(hl);
    /* The body is the token as a JSON string, for clients that cannot read cookies. */
    size_t bl = strlen(tok) + 3;
    char *b = malloc(bl);
    if (!res->headers || !b) {
        free(b);
        free(tok);
        kn_reply(res, 500, NULL, NULL, 0);
        return;
    }
    snprintf(res->headers, hl, "Set-Cookie: %s%s=%s;\r\n", prefix, n->cfg.node, tok);
    snprintf(b, bl, "\"%s\"", tok);
    kn_reply(res, 200, "application/json", b, bl - 1);
    free(b);
    free(tok);
}

/* An HTTP binding of a process: "/<process-id><http_path>", trailing '/' ignored. */
static bool kn_process_http(kn_node *n, const wsrv_request *req, wsrv_response *res)
{
    for (size_t i = 0; i < kn_process_class_count; i++) {
        const kn_process_class *k = kn_process_classes[i];
        if (!k->http_path)
            continue;
        char full[256];
        int fl = snprintf(full, sizeof full, "/%s%s", k->id, k->http_path);
        size_t pl = strlen(req->path);
        if (pl > 1 && req->path[pl - 1] == '/')
            pl--;
        if ((size_t)fl != pl || memcmp(full, req->path, pl) != 0)
            continue;
        if (k->http_authenticated && kn_node_check_cookie(n, req->header(req, "cookie")) != KN_JWT_OK) {
            /* Kinode answers an unauthenticated request to an authenticated binding with its login page. */
            kn_reply(res, 200, "text/html", kn_login_page, sizeof kn_login_page - 1);
            return true;
        }
        kn_http_reply r = { 0 };
        k->http(n->procs[i], req->method, req->body, req->body_len, &r);
        res->status = r.status;
        res->content_type = r.content_type;
        res->body = r.body;
        res->body_len = r.len;
        return true;
    }
    return false;
}

void kn_http_handle(kn_node *n, const wsrv_request *req, wsrv_response *res)
{
    const char *node = n->fault[MOCK_KN_OUR_WRONG_NODE] ? "other.dev" : n->cfg.node;
    bool get = strcmp(req->method, "GET") == 0;
    if (strcmp(req->path, "/login") == 0) {
        if (strcmp(req->method, "POST") == 0)
            kn_login(n, req, res);
        else if (get)
            kn_reply(res, 200, "text/html", kn_login_page, sizeof kn_login_page - 1);
        return;
    }
    if (get && strcmp(req->path, "/our") == 0) {
        kn_reply(res, 200, "text/html", node, strlen(node));
        return;
    }
    if (get && strcmp(req->path, "/our.js") == 0) {
        char js[400];
        int len = snprintf(js, sizeof js, "window.our = {}; window.our.node = '%s';", node);
        kn_reply(res, 200, "application/javascript", js, (size_t)len);
        return;
    }
    kn_process_http(n, req, res);
}

/* Plain HTTP on the HIRO vhost: tokens (the IAM's POST /api/auth/<ver>/app) and blob
 * content upload. The graph API only reads content
 * (getcontent); the real system writes it over REST (POST /api/graph/<ver>/<id>/content),
 * so scenarios put blobs there first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_compact_token.h"
#include "hiro_internal.h"

static void json_error(wsrv_response *res, int code, const char *message)
{
    res->status = code;
    res->content_type = "application/json";
    res->body = hiro_error_text(code, message);
    res->body_len = res->body ? strlen(res->body) : 0;
}

/* "/api/graph/<ver>/<id>/content" → id copied into out; false for other paths. */
static bool content_path(const char *path, char *out, size_t outlen)
{
    static const char prefix[] = "/api/graph/";
    static const char suffix[] = "/content";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *ver = path + sizeof prefix - 1;
    const char *slash = strchr(ver, '/');
    if (!slash || slash == ver)
        return false;
    const char *id = slash + 1;
    size_t n = strlen(id);
    if (n <= sizeof suffix - 1 || strcmp(id + n - (sizeof suffix - 1), suffix) != 0)
        return false;
    n -= sizeof suffix - 1;
    if (n == 0 || n >= outlen || memchr(id, '/', n))
        return false;
    memcpy(out, id, n);
    out[n] = '\0';
    return true;
}

/* POST /api/auth/<ver>/app {"username", "password", ...}: a token of that account (no
 * IAM stands behind the server: any non-empty password is accepted). The token is the
 * compact form, so it also fits the handshake offer. */
static void issue_token(hiro_state *st, const wsrv_request *req, wsrv_response *res)
{
    if (strcmp(req->method, "POST") != 0) {
        json_error(res, 405, "only POST issues tokens");
        return;
    }
    cJSON *body = cJSON_ParseWithLength(req->body ? req->body : "", req->body_len);
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(body, "username");
    const cJSON *pass = cJSON_GetObjectItemCaseSensitive(body, "password");
    char token[128];
    int64_t now_s = (int64_t)wsrv_wall_time_s();
    int64_t exp_s = st->fault[MOCK_HIRO_ISSUED_TOKEN_EXPIRED] ? now_s - 1 : now_s + st->cfg.token_lifetime_s;
    if (!cJSON_IsString(user) || !cJSON_IsString(pass) || !pass->valuestring[0]) {
        json_error(res, 400, "need {\"username\": <string>, \"password\": <string>}");
    } else if (!hiro_compact_token_issue((const unsigned char *)st->cfg.token_key, strlen(st->cfg.token_key),
                                         user->valuestring, exp_s, token, sizeof token)) {
        json_error(res, 400, "username must be 1 to 16 characters A-Z a-z 0-9 - _");
    } else {
        cJSON *out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, "_TOKEN", token);
        cJSON_AddNumberToObject(out, "expires-at", (double)exp_s * 1000.0);
        cJSON_AddStringToObject(out, "_IDENTITY", user->valuestring);
        res->status = 200;
        res->content_type = "application/json";
        res->body = cJSON_PrintUnformatted(out);
        res->body_len = res->body ? strlen(res->body) : 0;
        cJSON_Delete(out);
    }
    cJSON_Delete(body);
}

static bool auth_path(const char *path)
{
    static const char prefix[] = "/api/auth/";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *ver = path + sizeof prefix - 1;
    const char *slash = strchr(ver, '/');
    return slash && slash != ver && strcmp(slash, "/app") == 0;
}

void hiro_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    hiro_state *st = state;
    char id[256];
    if (auth_path(req->path)) {
        issue_token(st, req, res);
        return;
    }
    if (!content_path(req->path, id, sizeof id)) {
        json_error(res, 404, "not found");
        return;
    }
    if (strcmp(req->method, "POST") != 0 && strcmp(req->method, "PUT") != 0) {
        json_error(res, 405, "only POST or PUT writes content");
        return;
    }
    const char *auth = req->header(req, "authorization");
    const char *token = auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7 : req->header(req, "_token");
    hiro_token_status ts = hiro_check_token(st, token, NULL);
    if (ts != HIRO_TOKEN_OK) {
        json_error(res, 401, hiro_token_status_message(ts));
        return;
    }
    hiro_status hs = { 0 };
    if (hiro_store_set_content(st->store, id, (const unsigned char *)req->body, req->body_len, &hs) != 0) {
        json_error(res, hs.code ? hs.code : 500, hs.message);
        return;
    }
    res->status = 200;
    res->content_type = "application/json";
    size_t cap = strlen(id) + 32;
    res->body = malloc(cap);
    if (res->body)
        res->body_len = (size_t)snprintf(res->body, cap, "{\"ogit/_id\":\"%s\"}", id);
}

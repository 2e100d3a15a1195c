/* Plain HTTP on the HIRO vhost: blob content upload. The graph API only reads content
 * (getcontent); the real system writes it over REST (POST /api/graph/<ver>/<id>/content),
 * so scenarios put blobs there first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void hiro_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    hiro_state *st = state;
    char id[256];
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

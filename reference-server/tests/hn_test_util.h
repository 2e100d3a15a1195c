/* Shared by the Hanami dialect tests: a module instance on the fake core, HTTP requests
 * built in memory, and WebSocket sessions whose replies are read from the fake conn. */
#ifndef HN_TEST_UTIL_H
#define HN_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_core.h"
#include "hanami/hn_dialect.h"
#include "hanami/hn_state.h"

typedef struct hn_http_result {
    int status;
    const char *content_type;
    char body[4096];
    cJSON *json;   /* parsed body, or NULL */
} hn_http_result;

static const char *hn_test_token_value;

static const char *hn_test_header(const wsrv_request *req, const char *name)
{
    (void)req;
    return strcmp(name, "x-auth-token") == 0 ? hn_test_token_value : NULL;
}

static inline hn_state *hn_test_create(const mock_fault_set *faults)
{
    wsrv_dialect_env env = { .server = NULL, .seed = 1, .faults = faults, .config = NULL, .max_message_size = 1u << 20 };
    wsrv_vhost_opts opts = { .tls = false, .oversize_close_code = 1009, .max_message_size = 0, .subprotocols = NULL };
    void *st = NULL;
    char err[256];
    if (hn_dialect.create(&env, &opts, &st, err, sizeof err) != 0) {
        fprintf(stderr, "create: %s\n", err);
        abort();
    }
    return st;
}

/* Runs one request; token NULL sends no X-Auth-Token. r->json must be freed by the
 * caller with cJSON_Delete (hn_test_done). */
static inline void hn_test_http(hn_state *st, const char *method, const char *path, const char *query,
                                const char *body, const char *token, hn_http_result *r)
{
    hn_test_token_value = token;
    wsrv_request req = { method, path, query ? query : "", body, body ? strlen(body) : 0, hn_test_header, NULL };
    wsrv_response res = { 404, NULL, NULL, 0, NULL };
    hn_dialect.http(st, &req, &res);
    r->status = res.status;
    r->content_type = res.content_type;
    snprintf(r->body, sizeof r->body, "%.*s", (int)res.body_len, res.body ? res.body : "");
    r->json = cJSON_Parse(r->body);
    free(res.body);
    free(res.headers);
}

static inline void hn_test_done(hn_http_result *r)
{
    cJSON_Delete(r->json);
    r->json = NULL;
}

static inline const char *hn_test_str(const hn_http_result *r, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A token for the first built-in user. */
static inline void hn_test_login(hn_state *st, char token[HN_TOKEN_LEN + 1])
{
    hn_http_result r;
    hn_test_http(st, "POST", "/v1/token", NULL, "{\"id\":\"wsconf_admin\",\"password\":\"wsconf-password\"}", NULL, &r);
    snprintf(token, HN_TOKEN_LEN + 1, "%s", hn_test_str(&r, "token") ? hn_test_str(&r, "token") : "");
    hn_test_done(&r);
}

#endif

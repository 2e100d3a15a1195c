/* Glue between the core's dialect interface and the Kinode node (kn_node.c). */
#include "kn_dialect.h"

#include <stdio.h>
#include <stdlib.h>

#include "kinode/kn_http.h"
#include "kinode/kn_node.h"

/* Fault selects-subprotocol only: Kinode never selects one (opts->subprotocols NULL). */
static const char *const kn_fault_subprotocols[] = { "kinode", NULL };

static int kn_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    kn_config cfg;
    if (kn_config_load(env->config, &cfg, err, errlen) != 0)
        return -1;
    kn_node *n = malloc(sizeof *n);
    if (!n || kn_node_init(n, &cfg, env->seed, env->faults, env->server) != 0) {
        free(n);
        kn_config_free(&cfg);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (n->fault[MOCK_KN_SELECTS_SUBPROTOCOL])
        opts->subprotocols = kn_fault_subprotocols;
    *state = n;
    return 0;
}

static void kn_destroy(void *state)
{
    kn_node_free(state);
    free(state);
}

static void kn_open(void *state, wsrv_conn *conn, void *session)
{
    kn_node_open(state, session, conn);
}

static void kn_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    (void)conn;
    kn_node_message(state, session, data, len, binary);
}

static void kn_writable(void *state, wsrv_conn *conn, void *session)
{
    (void)state, (void)conn, (void)session;
}

static void kn_close(void *state, wsrv_conn *conn, void *session)
{
    (void)conn;
    kn_node_close(state, session);
}

static void kn_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    kn_http_handle(state, req, res);
}

static int kn_upgrade(void *state, const wsrv_request *req, void *session)
{
    int refuse = kn_node_version_refusal(state, req->header(req, "sec-websocket-version"));
    if (refuse)
        return refuse;
    return kn_node_upgrade(state, req->path, req->header(req, "cookie"), req->header(req, "host"), session);
}

static int kn_peer_close(void *state, wsrv_conn *conn, void *session, int code, const char *reason, size_t reason_len)
{
    (void)conn;
    return kn_node_peer_close(state, session, code, reason, reason_len);
}

static void kn_pong(void *state, wsrv_conn *conn, void *session, const char *data, size_t len)
{
    (void)conn;
    kn_node_pong(state, session, data, len);
}

const wsrv_dialect kn_dialect = {
    .name = "kinode",
    .default_port = 8080,
    .session_size = sizeof(kn_session),
    .create = kn_create,
    .destroy = kn_destroy,
    .open = kn_open,
    .message = kn_message,
    .writable = kn_writable,
    .close = kn_close,
    .http = kn_http,
    .upgrade = kn_upgrade,
    .peer_close = kn_peer_close,
    .pong = kn_pong,
};

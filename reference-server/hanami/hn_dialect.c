/* Glue between the core's dialect interface and the Hanami REST and WebSocket logic. */
#include "hn_dialect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hn_rest.h"
#include "hn_ws.h"

hn_cluster *hn_state_cluster(hn_state *st, const char *uuid, const char *project)
{
    for (size_t i = 0; i < st->nclusters; i++)
        if (strcmp(st->clusters[i].def->uuid, uuid) == 0 && strcmp(st->clusters[i].def->project, project) == 0)
            return &st->clusters[i];
    return NULL;
}

static int hn_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    hn_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (hn_store_init(&st->store, env->seed, err, errlen) != 0) {
        free(st);
        return -1;
    }
    st->seed = env->seed;
    hn_auth_init(&st->auth, env->seed);
    st->nclusters = hn_cluster_count < 16 ? hn_cluster_count : 16;
    for (size_t i = 0; i < st->nclusters; i++)
        hn_cluster_init(&st->clusters[i], &hn_cluster_defs[i], env->seed, wsrv_wall_time_s());
    for (int f = 0; f < MOCK_HN_FAULT_COUNT; f++)
        st->fault[f] = mock_fault_active(env->faults, mock_hn_faults[f].name);
    /* Upload chunks are 128 KiB in the SDKs; allow clients that send larger ones. */
    size_t limit = opts->max_message_size ? opts->max_message_size : env->max_message_size;
    if (limit < HN_MAX_MESSAGE)
        opts->max_message_size = HN_MAX_MESSAGE;
    *state = st;
    return 0;
}

static void hn_destroy(void *state)
{
    hn_state *st = state;
    hn_store_free(&st->store);
    free(st);
}

static void hn_open(void *state, wsrv_conn *conn, void *session)
{
    hn_ws_open(state, session, conn);
}

static void hn_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    (void)state;
    (void)conn;
    (void)binary;   /* upstream ignores the opcode: the SDK sends its init as text */
    hn_ws_message(session, data, len);
}

static void hn_writable(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    (void)session;
}

static void hn_close(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    (void)session;
}

static void hn_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    hn_rest_handle(state, req, res);
}

const wsrv_dialect hn_dialect = {
    .name = "hanami",
    .default_port = 11418,
    .session_size = sizeof(hn_session),
    .create = hn_create,
    .destroy = hn_destroy,
    .open = hn_open,
    .message = hn_message,
    .writable = hn_writable,
    .close = hn_close,
    .http = hn_http,
    /* upgrade NULL: like upstream, a WebSocket is accepted on any path. */
};

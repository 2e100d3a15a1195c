/* Glue between the core's dialect interface and the LabGraph session logic. */
#include "lg_dialect.h"

#include <stdio.h>
#include <stdlib.h>

#include "labgraph/lg_session.h"

static int lg_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    if (env->profile) {
        /* LabGraph's document and the real system agree closely enough: one profile. */
        snprintf(err, errlen, "this API has no profiles (got \"%s\")", env->profile);
        return -1;
    }
    mock_lg_config cfg;
    int rc = env->config ? mock_lg_config_from_json(env->config, &cfg, err, errlen)
                         : mock_lg_config_default(&cfg, err, errlen);
    if (rc != 0)
        return -1;
    lg_state *st = malloc(sizeof *st);
    if (!st || lg_state_init(st, &cfg, env->seed, env->faults, env->server) != 0) {
        free(st);
        mock_lg_config_free(&cfg);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (st->fault[MOCK_LG_OVERSIZE_CLOSE_1000])
        opts->oversize_close_code = 1000;
    *state = st;
    return 0;
}

static void lg_destroy(void *state)
{
    lg_state_free(state);
    free(state);
}

static void lg_open(void *state, wsrv_conn *conn, void *session)
{
    lg_session_open(state, session, conn);
}

static void lg_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    (void)state;
    (void)conn;
    lg_session_message(session, data, len, binary);
}

static void lg_writable(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    lg_session_writable(session);
}

static void lg_close(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    lg_session_close(session);
}

const wsrv_dialect lg_dialect = {
    .name = "labgraph",
    .default_port = 9000,
    .session_size = sizeof(lg_session),
    .create = lg_create,
    .destroy = lg_destroy,
    .open = lg_open,
    .message = lg_message,
    .writable = lg_writable,
    .close = lg_close,
};

/* Glue between the core's dialect interface and the HIRO endpoints: configuration,
 * the handshake (route, subprotocol, token, query parameters) and dispatch by endpoint. */
#include "hiro_dialect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro/hiro_route.h"
#include "hiro_internal.h"

static int hiro_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    hiro_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (hiro_config_load(env->config, &st->cfg, err, errlen) != 0 ||
        hiro_apply_profile(env->profile, env->config, &st->cfg, err, errlen) != 0) {
        free(st);
        return -1;
    }
    for (size_t i = 0; i < MOCK_HIRO_FAULT_COUNT; i++)
        st->fault[i] = mock_fault_active(env->faults, mock_hiro_faults[i].name);
    st->server = env->server;
    st->store = hiro_store_new(env->seed);
    st->stream = hiro_stream_new(env->seed, 0);
    if (!st->store || !st->stream) {
        hiro_store_free(st->store);
        hiro_stream_free(st->stream);
        free(st);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    opts->tls = st->cfg.tls;
    /* Blob content arrives over REST in one body: allow uploads of 16 MiB at least. */
    if (env->max_message_size < HIRO_MIN_MESSAGE_SIZE)
        opts->max_message_size = HIRO_MIN_MESSAGE_SIZE;
    opts->subprotocols = NULL; /* the offer carries the token: upgrade() chooses */
    *state = st;
    return 0;
}

static void hiro_destroy(void *state)
{
    hiro_state *st = state;
    hiro_store_free(st->store);
    hiro_stream_free(st->stream);
    free(st);
}

static bool ends_with_slash(const char *path)
{
    size_t n = strlen(path);
    return n > 0 && path[n - 1] == '/';
}

static bool is_legacy_path(const char *path)
{
    return strncmp(path, "/_events", 8) == 0 || strncmp(path, "/_g", 3) == 0;
}

/* The event stream's query parameters; false for a value outside the documented ones. */
static bool read_query(const char *query, hiro_session *s)
{
    char v[256];
    const char *g = wsrv_query_param(query, "groupId", s->group_id, sizeof s->group_id);
    if (!g && strstr(query, "groupId="))
        return false; /* present but too long */
    if (!hiro_parse_offset_param(wsrv_query_param(query, "offset", v, sizeof v), &s->offset))
        return false;
    if (!hiro_parse_bool_param(wsrv_query_param(query, "delta", v, sizeof v), false, &s->delta))
        return false;
    return hiro_parse_bool_param(wsrv_query_param(query, "allscopes", v, sizeof v), true, &s->allscopes);
}

static int hiro_upgrade(void *state, const wsrv_request *req, void *session)
{
    hiro_state *st = state;
    hiro_session *s = session;
    bool legacy = st->cfg.legacy_aliases && !st->fault[MOCK_HIRO_LEGACY_ALIASES_OFF];
    if (!hiro_route(req->path, legacy, &s->ep))
        return 404;
    if (st->fault[MOCK_HIRO_NO_TRAILING_SLASH] && !ends_with_slash(req->path) && !is_legacy_path(req->path))
        return 404;
    if (s->ep == HIRO_EP_EVENTS && !read_query(req->query, s))
        return 400;
    hiro_offer offer;
    if (hiro_offer_parse(req->header(req, "sec-websocket-protocol"), &offer) != 0)
        return 500;
    const char *name = NULL;
    bool lenient = st->cfg.lenient && !st->fault[MOCK_HIRO_LENIENT_REFUSES];
    hiro_select sel = hiro_select_protocol(&offer, s->ep, lenient, &name);
    if (sel == HIRO_SELECT_REFUSE && st->fault[MOCK_HIRO_STRICT_ACCEPTS_ANY])
        sel = hiro_select_protocol(&offer, s->ep, true, &name);
    int status = 0;
    if (sel == HIRO_SELECT_REFUSE) {
        status = 400;
    } else {
        char token_entry[80];
        if (st->fault[MOCK_HIRO_TOKEN_ENTRY_SELECTED] && offer.token && strlen(offer.token) < 56) {
            snprintf(token_entry, sizeof token_entry, "token-%s", offer.token);
            name = token_entry;
        }
        if (name)
            wsrv_request_select_subprotocol(req, name);
        if (offer.token && strlen(offer.token) < sizeof s->token) {
            s->has_token = true;
            memcpy(s->token, offer.token, strlen(offer.token) + 1);
        }
    }
    hiro_offer_free(&offer);
    return status;
}

static void hiro_open(void *state, wsrv_conn *conn, void *session)
{
    hiro_session *s = session;
    s->st = state;
    s->conn = conn;
    if (!hiro_auth_open(s))
        return;
    if (s->ep == HIRO_EP_EVENTS)
        hiro_events_open(s);
}

static void hiro_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    (void)state;
    (void)conn;
    hiro_session *s = session;
    if (!s->authed || s->deaf)
        return; /* closing after the 401 (or deafened by a fault) */
    if (binary) {
        /* Frames are text JSON only (protocols §1). */
        hiro_send_error(s, 400, "binary frames are not supported: send JSON text");
        return;
    }
    if (s->ep == HIRO_EP_EVENTS)
        hiro_events_message(s, data, len);
    else
        hiro_graph_message(s, data, len);
}

static void hiro_writable(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    hiro_session *s = session;
    if (s->ep == HIRO_EP_GRAPH && s->authed)
        hiro_graph_pump(s);
}

static void hiro_close(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    hiro_session *s = session;
    if (!s->st)
        return;
    hiro_auth_close(s);
    hiro_events_close(s);
    hiro_graph_close(s);
}

/* RFC 6455 7.4: codes below 1000, the reserved 1004-1006 and 1015, and 1016-2999 may not
 * be sent; a client that does (an old Java client sends 200) is answered 1002.
 * (libwebsockets 4.1 already hands such a Close on as 1002; this keeps the rule true
 * should it pass one on unchanged.) */
static bool close_code_valid(int code)
{
    if (code == 1005)
        return true; /* the core's "no status" */
    if (code < 1000 || code == 1004 || code == 1006 || code == 1015)
        return false;
    return code <= 1014 || (code >= 3000 && code <= 4999);
}

static int hiro_peer_close(void *state, wsrv_conn *conn, void *session, int code, const char *reason,
                           size_t reason_len)
{
    (void)conn;
    (void)reason;
    (void)reason_len;
    hiro_state *st = state;
    ((hiro_session *)session)->peer_closed = true;
    /* libwebsockets 4.1 reports a Close with an invalid code as 1002. */
    if (st->fault[MOCK_HIRO_BAD_CLOSE_WEDGES] && (code == 1002 || !close_code_valid(code)))
        st->wedged = true;
    if (!close_code_valid(code) || code == 1002)
        return st->fault[MOCK_HIRO_BAD_CLOSE_ANSWERED_1000] ? 1000 : 1002;
    return code == 1005 ? 1000 : code;
}

/* Pongs need no answer: the server sends no pings, and Python answers each ping twice
 * (protocols §1), so unsolicited and duplicate ones are simply tolerated. */
static void hiro_pong(void *state, wsrv_conn *conn, void *session, const char *data, size_t len)
{
    (void)conn;
    (void)data;
    (void)len;
    hiro_state *st = state;
    hiro_session *s = session;
    s->pongs++;
    if (st->fault[MOCK_HIRO_DUPLICATE_PONG_DEAFENS] && s->pongs >= 2)
        s->deaf = true;
}

const wsrv_dialect hiro_dialect = {
    .name = "hiro",
    .default_port = HIRO_DEFAULT_PORT,
    .session_size = sizeof(hiro_session),
    .create = hiro_create,
    .destroy = hiro_destroy,
    .open = hiro_open,
    .message = hiro_message,
    .writable = hiro_writable,
    .close = hiro_close,
    .http = hiro_http,
    .upgrade = hiro_upgrade,
    .peer_close = hiro_peer_close,
    .pong = hiro_pong,
};

#include "wire_dialects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wire_session {
    char path[128];
    char query[128];
    char offer[128];
    int upgraded;
} wire_session;

static void send_text(wsrv_conn *conn, const char *text)
{
    wsrv_conn_send(conn, text, strlen(text), false);
}

static void nothing(void *state)
{
    (void)state;
}

static void no_writable(void *state, wsrv_conn *conn, void *session)
{
    (void)state, (void)conn, (void)session;
}

static void no_close(void *state, wsrv_conn *conn, void *session)
{
    (void)state, (void)conn, (void)session;
}

static void echo(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    (void)state, (void)session;
    wsrv_conn_send(conn, data, len, binary);
}

static void burst(wsrv_conn *conn)
{
    char text[WIRE_BURST_LARGE_LEN];
    for (int i = 0; i < WIRE_BURST_SMALL; i++) {
        snprintf(text, sizeof text, "b%d", i);
        send_text(conn, text);
    }
    memset(text, 'y', 200);
    wsrv_conn_send(conn, text, 200, false);
    wsrv_conn_send(conn, "bin\0x", 5, true);
    for (int i = 0; i < WIRE_BURST_MID; i++) {
        memset(text, 'A' + i, WIRE_BURST_MID_LEN);
        wsrv_conn_send(conn, text, WIRE_BURST_MID_LEN, false);
    }
    memset(text, 'L', WIRE_BURST_LARGE_LEN);
    wsrv_conn_send(conn, text, WIRE_BURST_LARGE_LEN, false);
    const char *parts[] = { "ab", "cd", "ef" };
    const size_t lens[] = { 2, 2, 2 };
    wsrv_conn_send_fragments(conn, parts, lens, 3, false);
    wsrv_conn_ping(conn, "hb", 2);
    send_text(conn, "end");
}

/* --- tfull --- */

static int full_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    static const char *const subprotocols[] = { "chat.v2", "chat.v1", NULL };
    if (env->profile && strcmp(env->profile, "strict") != 0) {
        snprintf(err, errlen, "unknown profile \"%s\" (known: strict)", env->profile);
        return -1;
    }
    opts->subprotocols = subprotocols;
    opts->max_message_size = 1000;
    *state = NULL;
    return 0;
}

static void full_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    (void)state;
    if (strcmp(req->path, "/big") == 0) {
        res->status = 200;
        res->content_type = "application/octet-stream";
        res->body = malloc(WIRE_BIG_BODY);
        for (size_t i = 0; res->body && i < WIRE_BIG_BODY; i++)
            res->body[i] = (char)('a' + i % 26);
        res->body_len = res->body ? WIRE_BIG_BODY : 0;
        return;
    }
    char q[64], sid[64];
    const char *qv = wsrv_query_param(req->query, "q", q, sizeof q);
    const char *token = req->header(req, "X-Auth-Token");
    const char *cookie = wsrv_cookie(req->header(req, "cookie"), "sid", sid, sizeof sid);
    const char *fmt = "method=%s path=%s query=%s q=%s token=%s sid=%s body=%.*s";
    int n = snprintf(NULL, 0, fmt, req->method, req->path, req->query, qv ? qv : "-", token ? token : "-",
                     cookie ? cookie : "-", (int)req->body_len, req->body ? req->body : "");
    res->body = malloc((size_t)n + 1);
    if (res->body) {
        snprintf(res->body, (size_t)n + 1, fmt, req->method, req->path, req->query, qv ? qv : "-",
                 token ? token : "-", cookie ? cookie : "-", (int)req->body_len, req->body ? req->body : "");
        res->body_len = (size_t)n;
    }
    res->status = strcmp(req->path, "/teapot") == 0 ? 418 : 200;
    res->content_type = "text/plain";
    const char *headers = "Set-Cookie: sid=new; Path=/\r\nX-Wire: yes\r\n";
    res->headers = malloc(strlen(headers) + 1);
    if (res->headers)
        strcpy(res->headers, headers);
}

static int full_upgrade(void *state, const wsrv_request *req, void *session)
{
    (void)state;
    if (strcmp(req->path, "/deny") == 0)
        return 404;
    if (strcmp(req->path, "/auth") == 0) {
        char v[32];
        const char *sid = wsrv_cookie(req->header(req, "cookie"), "sid", v, sizeof v);
        if (!sid || strcmp(sid, "ok") != 0)
            return 401;
    }
    wire_session *s = session;
    const char *offer = req->header(req, "sec-websocket-protocol");
    snprintf(s->path, sizeof s->path, "%s", req->path);
    snprintf(s->query, sizeof s->query, "%s", req->query);
    snprintf(s->offer, sizeof s->offer, "%s", offer ? offer : "-");
    s->upgraded = 1;
    return 0;
}

static void full_open(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    wire_session *s = session;
    char text[512];
    snprintf(text, sizeof text, "open path=%s query=%s offer=%s upgraded=%d", s->path, s->query, s->offer,
             s->upgraded);
    send_text(conn, text);
}

static void full_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    if (len == 4 && memcmp(data, "frag", 4) == 0) {
        const char *parts[] = { "ab", "cd", "ef" };
        const size_t lens[] = { 2, 2, 2 };
        wsrv_conn_send_fragments(conn, parts, lens, 3, false);
        send_text(conn, "tail");
    } else if (len == 4 && memcmp(data, "ping", 4) == 0) {
        char big[126];
        memset(big, 'x', sizeof big);
        bool ok125 = wsrv_conn_ping(conn, big, 125);
        bool ok126 = wsrv_conn_ping(conn, big, 126);
        wsrv_conn_ping(conn, "hb", 2);
        char text[64];
        snprintf(text, sizeof text, "ping125=%d ping126=%d", ok125, ok126);
        send_text(conn, text);
    } else if (len == 6 && memcmp(data, "close0", 6) == 0) {
        send_text(conn, "bye");
        wsrv_conn_close(conn, 0);
        /* Nothing is queued after a close. */
        if (wsrv_conn_send(conn, "late", 4, false) || wsrv_conn_ping(conn, "", 0))
            send_text(conn, "late send accepted");
    } else if (len == 9 && memcmp(data, "close4001", 9) == 0) {
        wsrv_conn_close(conn, 4001);
    } else if (len == 5 && memcmp(data, "burst", 5) == 0) {
        burst(conn);
    } else {
        echo(state, conn, session, data, len, binary);
    }
}

static void full_pong(void *state, wsrv_conn *conn, void *session, const char *data, size_t len)
{
    (void)state, (void)session;
    char text[160];
    snprintf(text, sizeof text, "pong:%.*s", (int)len, data);
    send_text(conn, text);
}

static int full_peer_close(void *state, wsrv_conn *conn, void *session, int code, const char *reason,
                           size_t reason_len)
{
    (void)state, (void)conn, (void)session;
    if (reason_len == 4 && memcmp(reason, "zero", 4) == 0)
        return 0;
    if (reason_len == 4 && memcmp(reason, "same", 4) == 0)
        return code;
    if (reason_len == 4 && memcmp(reason, "echo", 4) == 0)
        return WSRV_CLOSE_ECHO;
    if (reason_len == 3 && memcmp(reason, "why", 3) == 0)
        wsrv_conn_set_close_reason(conn, "because");
    /* 4000 + the last three digits of the client's code: the test sees what arrived. */
    return 4000 + code % 1000;
}

const wsrv_dialect wire_full_dialect = {
    .name = "tfull",
    .default_port = 0,
    .session_size = sizeof(wire_session),
    .create = full_create,
    .destroy = nothing,
    .open = full_open,
    .message = full_message,
    .writable = no_writable,
    .close = no_close,
    .http = full_http,
    .upgrade = full_upgrade,
    .peer_close = full_peer_close,
    .pong = full_pong,
};

/* --- tbare --- */

static int bare_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    (void)env, (void)opts, (void)err, (void)errlen;
    *state = NULL;
    return 0;
}

static void bare_open(void *state, wsrv_conn *conn, void *session)
{
    (void)state, (void)session;
    send_text(conn, "hello");
}

const wsrv_dialect wire_bare_dialect = {
    .name = "tbare",
    .default_port = 0,
    .session_size = 0,
    .create = bare_create,
    .destroy = nothing,
    .open = bare_open,
    .message = echo,
    .writable = no_writable,
    .close = no_close,
};

/* --- ttls --- */

static int tls_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    (void)env, (void)err, (void)errlen;
    opts->tls = true;
    *state = NULL;
    return 0;
}

static void tls_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    (void)state, (void)req;
    res->status = 200;
    res->content_type = "text/plain";
    res->body = malloc(7);
    if (res->body) {
        memcpy(res->body, "secure\n", 7);
        res->body_len = 7;
    }
}

static void tls_open(void *state, wsrv_conn *conn, void *session)
{
    (void)state, (void)session;
    send_text(conn, "secure-open");
}

static void tls_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    if (len == 5 && memcmp(data, "burst", 5) == 0)
        burst(conn);
    else
        echo(state, conn, session, data, len, binary);
}

const wsrv_dialect wire_tls_dialect = {
    .name = "ttls",
    .default_port = 0,
    .session_size = 8,
    .create = tls_create,
    .destroy = nothing,
    .open = tls_open,
    .message = tls_message,
    .writable = no_writable,
    .close = no_close,
    .http = tls_http,
};

/* --- tsel --- */

static int select_upgrade(void *state, const wsrv_request *req, void *session)
{
    (void)state, (void)session;
    const char *offer = req->header(req, "sec-websocket-protocol");
    for (const char *p = offer; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ", ");
        if (n && strncmp(p, "token-", 6) != 0) {
            char name[64];
            if (n >= sizeof name)
                return 400;
            memcpy(name, p, n);
            name[n] = '\0';
            if (!wsrv_request_select_subprotocol(req, name))
                return 500;
            break;
        }
        p += n;
    }
    /* Outside upgrade() (an HTTP request has no selection). */
    return 0;
}

static void select_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    (void)state;
    res->status = wsrv_request_select_subprotocol(req, "x") ? 500 : 204;
}

const wsrv_dialect wire_select_dialect = {
    .name = "tsel",
    .default_port = 0,
    .session_size = 0,
    .create = bare_create,
    .destroy = nothing,
    .open = bare_open,
    .message = echo,
    .writable = no_writable,
    .close = no_close,
    .http = select_http,
    .upgrade = select_upgrade,
};

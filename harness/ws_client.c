/* The WebSocket client engine (see ws_client.h). */
#include "ws_client.h"
#include "http_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libwebsockets.h>

struct wsc_client {
    struct lws_context *ctx;
    lws_sorted_usec_list_t wakeup;  /* bounds one lws_service() wait */
    lws_sorted_usec_list_t guard;   /* the same, should wakeup fire too early */
    int insecure;
    char *ca;                       /* owned; --ca file, or NULL */
    void *http_tls;                 /* SSL_CTX of https requests, made on first use */
    wsc_conn *all;                  /* every connection ever made */
    wsc_http *http_all;             /* every HTTP request ever made */
};

struct lws_context *wsc_client_context(wsc_client *c)
{
    return c->ctx;
}

int wsc_client_insecure(const wsc_client *c)
{
    return c->insecure;
}

const char *wsc_client_ca(const wsc_client *c)
{
    return c->ca;
}

void **wsc_client_http_tls(wsc_client *c)
{
    return &c->http_tls;
}

void wsc_client_add_http(wsc_client *c, wsc_http *h)
{
    h->next_all = c->http_all;
    c->http_all = h;
}

double wsc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double since(const wsc_conn *conn)
{
    return wsc_now() - conn->t0;
}

static void note(wsc_conn *conn, wsc_tr_dir dir, const char *text)
{
    if (conn->tr) wsc_transcript_add(conn->tr, conn->no, dir, since(conn), WSC_OP_NOTE, text, strlen(text));
}

static void wake(wsc_conn *conn)
{
    if (conn->wake) conn->wake(conn->owner);
}

static void set_error(wsc_conn *conn, const char *msg)
{
    if (conn->error) return;   /* the first cause is the interesting one */
    conn->error = strdup(msg);
}

static void free_queue(wsc_conn *conn)
{
    wsc_out_msg *m = conn->out_head;
    while (m) {
        wsc_out_msg *next = m->next;
        free(m->buf);
        free(m);
        m = next;
    }
    conn->out_head = conn->out_tail = NULL;
}

/* The connection ended (after being open): fix the close code the steps will see. */
static void mark_closed(wsc_conn *conn)
{
    if (conn->state != WSC_CONN_OPEN) return;
    conn->state = WSC_CONN_CLOSED;
    /* lws answers our own Close internally: then the code is the one we sent. */
    if (!conn->got_close_frame) conn->close_code = conn->close_requested ? conn->close_code_out : 1006;
    char buf[200];
    snprintf(buf, sizeof buf, "connection closed (code %d%s%s)", conn->close_code,
             conn->close_reason ? ", reason: " : "", conn->close_reason ? conn->close_reason : "");
    note(conn, WSC_TR_EVENT, buf);
}

/* Reassembles fragments; a complete message goes to the inbox. A message over the limit
 * drops the connection. Returns -1 (close) only when out of memory. */
static int on_receive(wsc_conn *conn, struct lws *wsi, const char *in, size_t len)
{
    if (!conn->owner) return 0;   /* detached: its scenario finished, nobody will read it */
    /* Our own "inside a message" flag: lws may deliver one frame in several chunks. */
    if (!conn->rx_active) {
        conn->rx_active = 1;
        conn->rx_frames = 0;
        conn->rx_len = 0;
        conn->rx_binary = lws_frame_is_binary(wsi);
        conn->rx_dropping = 0;
    }
    /* lws may hand one frame over in several calls; the last call of a frame has no
     * payload remaining. */
    int frame_end = !lws_remaining_packet_payload(wsi);
    int complete = lws_is_final_fragment(wsi) && frame_end;
    if (frame_end) conn->rx_frames++;
    if (complete) conn->rx_active = 0;
    if (conn->rx_dropping) return 0;
    if (conn->rx_len + len > WSC_MAX_MESSAGE || conn->inbox.bytes + conn->rx_len + len > WSC_MAX_INBOX) {
        char buf[160];
        snprintf(buf, sizeof buf, "received message exceeds the runner's limit (%u bytes per message, %u held); "
                 "connection dropped", WSC_MAX_MESSAGE, WSC_MAX_INBOX);
        set_error(conn, buf);
        note(conn, WSC_TR_EVENT, buf);
        free(conn->rx);
        conn->rx = NULL;
        conn->rx_len = conn->rx_cap = 0;
        conn->rx_dropping = 1;
        /* Drop the socket without a closing handshake: lws would otherwise keep parsing
         * the rest of the oversized frame while it waits for the peer's Close. */
        conn->close_requested = 1;
        conn->close_code_out = LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE;
        lws_rx_flow_control(wsi, 0);
        lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
        mark_closed(conn);
        wake(conn);
        return 0;
    }
    if (conn->rx_len + len + 1 > conn->rx_cap) {
        size_t cap = conn->rx_cap ? conn->rx_cap : 1024;
        while (cap < conn->rx_len + len + 1) cap *= 2;
        char *p = realloc(conn->rx, cap);
        if (!p) return -1;
        conn->rx = p;
        conn->rx_cap = cap;
    }
    if (len) memcpy(conn->rx + conn->rx_len, in, len);
    conn->rx_len += len;
    if (!complete) return 0;

    conn->rx[conn->rx_len] = '\0';
    if (conn->tr)
        wsc_transcript_add(conn->tr, conn->no, WSC_TR_IN, since(conn), conn->rx_binary ? WSC_OP_BINARY : WSC_OP_TEXT,
                           conn->rx, conn->rx_len);
    /* The buffer moves into the inbox; a new one is grown for the next message. */
    char *data = conn->rx;
    size_t n = conn->rx_len;
    if (n + 1 < conn->rx_cap / 2) {
        char *shrunk = realloc(data, n + 1);
        if (shrunk) data = shrunk;
    }
    conn->rx = NULL;
    conn->rx_len = conn->rx_cap = 0;
    wsc_frame *f = wsc_inbox_push_owned(&conn->inbox, conn->rx_binary, data, n, since(conn));
    if (f) f->fragments = conn->rx_frames;
    wake(conn);
    return 0;
}

static void on_pong(wsc_conn *conn, const char *in, size_t len)
{
    if (!conn->owner) return;
    char buf[64];
    snprintf(buf, sizeof buf, "pong (%zu bytes)", len);
    note(conn, WSC_TR_IN, buf);
    wsc_frame *f = wsc_inbox_push(&conn->inbox, 1, in ? in : "", len, since(conn));
    if (f) {
        f->pong = 1;
        f->fragments = 1;
    }
    wake(conn);
}

static int on_writeable(wsc_conn *conn, struct lws *wsi)
{
    wsc_out_msg *m = conn->out_head;
    if (m) {
        int n = lws_write(wsi, m->buf + LWS_PRE, m->len, (enum lws_write_protocol)m->wflags);
        conn->out_head = m->next;
        if (!conn->out_head) conn->out_tail = NULL;
        free(m->buf);
        free(m);
        if (n < 0) {
            set_error(conn, "write failed");
            return -1;
        }
        if (conn->out_head || conn->close_requested) lws_callback_on_writable(wsi);
        return 0;
    }
    if (conn->close_requested) {
        size_t rlen = strlen(conn->close_reason_out);
        lws_close_reason(wsi, (enum lws_close_status)conn->close_code_out,
                         (unsigned char *)conn->close_reason_out, rlen);
        return -1;
    }
    return 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    (void)user;
    wsc_conn *conn = wsi ? lws_get_opaque_user_data(wsi) : NULL;
    switch (reason) {
    case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
        if (conn && conn->extra_headers) {
            char **p = (char **)in;
            size_t n = strlen(conn->extra_headers);
            if (n + 2 > len) return -1;
            memcpy(*p, conn->extra_headers, n);
            *p += n;
        }
        break;
    case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
        /* The response headers are still there; at ESTABLISHED they may be gone. */
        if (conn && !conn->subprotocol) {
            char proto[128];
            if (lws_hdr_copy(wsi, proto, sizeof proto, WSI_TOKEN_PROTOCOL) > 0) conn->subprotocol = strdup(proto);
        }
        break;
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
        if (!conn) break;
        conn->state = WSC_CONN_OPEN;
        {
            char buf[200];
            snprintf(buf, sizeof buf, "open %s%s%s", conn->url, conn->subprotocol ? " subprotocol " : "",
                     conn->subprotocol ? conn->subprotocol : "");
            note(conn, WSC_TR_EVENT, buf);
        }
        if (conn->out_head || conn->close_requested) lws_callback_on_writable(wsi);
        wake(conn);
        break;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        if (!conn) break;
        {
            int status = (int)lws_http_client_http_response(wsi);
            char buf[300];
            if (status > 0 && status != 101) conn->http_status = status;
            snprintf(buf, sizeof buf, "%s%s", in && len ? "" : "connection failed",
                     in ? (const char *)in : "");
            char with[400];
            if (conn->http_status)
                snprintf(with, sizeof with, "HTTP %d: %s", conn->http_status, buf);
            else if (strstr(buf, "SSL") || strstr(buf, "ssl") || strstr(buf, "tls"))
                snprintf(with, sizeof with, "%s (TLS: is the certificate trusted? see --ca FILE, --insecure)", buf);
            else
                snprintf(with, sizeof with, "%s", buf);
            set_error(conn, with);
            note(conn, WSC_TR_EVENT, conn->error);
        }
        if (conn->state == WSC_CONN_OPEN) mark_closed(conn);
        else conn->state = WSC_CONN_FAILED;
        conn->wsi = NULL;
        wake(conn);
        break;
    case LWS_CALLBACK_CLIENT_RECEIVE:
        if (!conn) break;
        return on_receive(conn, wsi, in, len);
    case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
        if (!conn) break;
        on_pong(conn, in, len);
        break;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
        if (!conn) break;
        return on_writeable(conn, wsi);
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        if (!conn) break;
        conn->got_close_frame = 1;
        if (len >= 2) {
            const unsigned char *b = in;
            conn->close_code = (b[0] << 8) | b[1];
            if (len > 2) {
                free(conn->close_reason);
                conn->close_reason = malloc(len - 1);
                if (conn->close_reason) {
                    memcpy(conn->close_reason, b + 2, len - 2);
                    conn->close_reason[len - 2] = '\0';
                }
            }
        } else {
            conn->close_code = 1005;
        }
        if (conn->tr)
            wsc_transcript_add(conn->tr, conn->no, WSC_TR_IN, since(conn), WSC_OP_CLOSE, in, len);
        break;
    case LWS_CALLBACK_CLIENT_CLOSED:
        if (!conn) break;
        mark_closed(conn);
        wake(conn);
        break;
    case LWS_CALLBACK_WSI_DESTROY:
        if (!conn) break;
        if (conn->state == WSC_CONN_CONNECTING) {
            set_error(conn, "connection dropped before the WebSocket opened");
            conn->state = WSC_CONN_FAILED;
        }
        mark_closed(conn);
        conn->wsi = NULL;
        wake(conn);
        break;
    default:
        break;
    }
    return 0;
}

static const struct lws_protocols protocols[] = {
    { "wsconf-client", callback, 0, 65536, 0, NULL, 0 },
    { WSC_HTTP_PROTOCOL, wsc_http_callback, 0, 65536, 0, NULL, 0 },
    { NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void wakeup_cb(lws_sorted_usec_list_t *sul)
{
    (void)sul;   /* firing is enough: it ends the current lws_service() wait */
}

wsc_client *wsc_client_new(const char *ca, int insecure, int verbose, char *err, size_t errlen)
{
    lws_set_log_level(verbose ? (LLL_ERR | LLL_WARN | LLL_NOTICE) : 0, NULL);
    wsc_client *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.client_ssl_ca_filepath = ca;
    info.timeout_secs = 30;
    /* Lots of scenarios may run at once; lws's default fd limit follows ulimit. */
    c->ctx = lws_create_context(&info);
    if (!c->ctx) {
        snprintf(err, errlen, "cannot create the libwebsockets client context%s", ca ? " (check --ca)" : "");
        free(c);
        return NULL;
    }
    c->insecure = insecure;
    c->ca = ca ? strdup(ca) : NULL;
    return c;
}

static wsc_conn *fail_now(wsc_conn *conn, const char *why)
{
    set_error(conn, why);
    conn->state = WSC_CONN_FAILED;
    note(conn, WSC_TR_EVENT, why);
    return conn;
}

wsc_conn *wsc_client_connect(wsc_client *c, const char *url, const wsc_connect_opts *o,
                             wsc_transcript *tr, int no, void (*wakefn)(void *), void *owner)
{
    wsc_conn *conn = calloc(1, sizeof *conn);
    if (!conn) return NULL;
    conn->client = c;
    conn->no = no;
    conn->tr = tr;
    conn->wake = wakefn;
    conn->owner = owner;
    conn->t0 = wsc_now();
    conn->state = WSC_CONN_CONNECTING;
    wsc_inbox_init(&conn->inbox);
    conn->next_all = c->all;
    c->all = conn;
    conn->url = strdup(url);
    if (o && o->headers && *o->headers) conn->extra_headers = strdup(o->headers);

    char copy[2048], pathbuf[2048];
    if (strlen(url) >= sizeof copy) return fail_now(conn, "URL too long");
    strcpy(copy, url);
    const char *scheme, *host, *path;
    int port;
    if (lws_parse_uri(copy, &scheme, &host, &port, &path))
        return fail_now(conn, "cannot parse the URL");
    int tls;
    if (strcmp(scheme, "ws") == 0) tls = 0;
    else if (strcmp(scheme, "wss") == 0) tls = 1;
    else return fail_now(conn, "URL scheme must be ws:// or wss://");
    if (tls && port == 80) port = 443;   /* lws_parse_uri defaults to 80 without a port */
    if (o && o->path) snprintf(pathbuf, sizeof pathbuf, "%s%s", o->path[0] == '/' ? "" : "/", o->path);
    else snprintf(pathbuf, sizeof pathbuf, "/%s", path);

    char note_buf[300];
    snprintf(note_buf, sizeof note_buf, "connect %s", url);
    note(conn, WSC_TR_EVENT, note_buf);

    struct lws_client_connect_info i;
    memset(&i, 0, sizeof i);
    i.context = c->ctx;
    i.address = host;
    i.port = port;
    i.path = pathbuf;
    i.host = host;
    i.origin = host;
    i.protocol = o && o->subprotocols && *o->subprotocols ? o->subprotocols : NULL;
    i.local_protocol_name = protocols[0].name;
    i.opaque_user_data = conn;
    i.pwsi = &conn->wsi;
    if (tls) {
        i.ssl_connection = LCCSCF_USE_SSL;
        if (c->insecure)
            i.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
                                LCCSCF_ALLOW_EXPIRED | LCCSCF_ALLOW_INSECURE;
    }
    if (!lws_client_connect_via_info(&i)) {
        /* lws may already have reported CONNECTION_ERROR through the callback. */
        conn->wsi = NULL;
        if (conn->state == WSC_CONN_CONNECTING) return fail_now(conn, "connection failed");
    }
    return conn;
}

/* Appends one frame to the send queue; 0 or -1 when out of memory. */
static int enqueue(wsc_conn *conn, int wflags, const char *data, size_t len)
{
    wsc_out_msg *m = calloc(1, sizeof *m);
    unsigned char *buf = m ? malloc(LWS_PRE + len + 1) : NULL;
    if (!buf) {
        free(m);
        return -1;
    }
    if (len) memcpy(buf + LWS_PRE, data, len);
    m->buf = buf;
    m->len = len;
    m->wflags = wflags;
    if (conn->out_tail) conn->out_tail->next = m;
    else conn->out_head = m;
    conn->out_tail = m;
    return 0;
}

static int can_send(const wsc_conn *conn)
{
    return conn->state == WSC_CONN_OPEN && conn->wsi && !conn->close_requested;
}

int wsc_conn_send(wsc_conn *conn, int binary, const char *data, size_t len)
{
    if (!can_send(conn) || enqueue(conn, binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT, data, len)) return -1;
    if (conn->tr)
        wsc_transcript_add(conn->tr, conn->no, WSC_TR_OUT, since(conn), binary ? WSC_OP_BINARY : WSC_OP_TEXT, data, len);
    lws_callback_on_writable(conn->wsi);
    return 0;
}

int wsc_conn_send_fragments(wsc_conn *conn, int binary, const char *const *parts, const size_t *lens, size_t n)
{
    if (!can_send(conn) || n == 0) return -1;
    for (size_t i = 0; i < n; i++) {
        int wflags = i == 0 ? (binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT) : LWS_WRITE_CONTINUATION;
        if (i + 1 < n) wflags |= LWS_WRITE_NO_FIN;
        /* Frames of one message must not be split by other messages: queue all at once. */
        if (enqueue(conn, wflags, parts[i], lens[i])) return -1;
        if (conn->tr) {
            char buf[80];
            snprintf(buf, sizeof buf, "frame %zu of %zu of one %s message:", i + 1, n, binary ? "binary" : "text");
            wsc_transcript_add(conn->tr, conn->no, WSC_TR_OUT, since(conn), WSC_OP_NOTE, buf, strlen(buf));
            wsc_transcript_add(conn->tr, conn->no, WSC_TR_OUT, since(conn), binary ? WSC_OP_BINARY : WSC_OP_TEXT,
                               parts[i], lens[i]);
        }
    }
    lws_callback_on_writable(conn->wsi);
    return 0;
}

int wsc_conn_ping(wsc_conn *conn, const char *data, size_t len)
{
    if (!can_send(conn) || len > 125 || enqueue(conn, LWS_WRITE_PING, data, len)) return -1;
    char buf[64];
    snprintf(buf, sizeof buf, "ping (%zu bytes)", len);
    note(conn, WSC_TR_OUT, buf);
    lws_callback_on_writable(conn->wsi);
    return 0;
}

void wsc_conn_close(wsc_conn *conn, int code, const char *reason)
{
    if (conn->close_requested) return;
    if (conn->state == WSC_CONN_CONNECTING) {
        wsc_conn_abort(conn, "closed by the scenario before it opened");
        return;
    }
    if (conn->state != WSC_CONN_OPEN || !conn->wsi) return;
    conn->close_requested = 1;
    conn->close_code_out = code;
    snprintf(conn->close_reason_out, sizeof conn->close_reason_out, "%s", reason ? reason : "");
    char buf[200];
    snprintf(buf, sizeof buf, "sending Close %d%s%s", code, reason && *reason ? " " : "", reason ? reason : "");
    note(conn, WSC_TR_OUT, buf);
    lws_callback_on_writable(conn->wsi);
}

void wsc_conn_abort(wsc_conn *conn, const char *why)
{
    if (why) {
        set_error(conn, why);
        note(conn, WSC_TR_EVENT, why);
    }
    if (conn->state == WSC_CONN_CONNECTING) conn->state = WSC_CONN_FAILED;
    if (conn->wsi) lws_set_timeout(conn->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
}

void wsc_conn_detach(wsc_conn *conn)
{
    conn->wake = NULL;
    conn->owner = NULL;
    conn->tr = NULL;
    if (conn->state == WSC_CONN_OPEN) wsc_conn_close(conn, 1000, "scenario finished");
    else if (conn->state == WSC_CONN_CONNECTING) wsc_conn_abort(conn, NULL);
    /* Nobody will read these any more: release the memory now, not at the end of the run. */
    wsc_inbox_free(&conn->inbox);
}

void wsc_client_service(wsc_client *c, double max_wait)
{
    if (max_wait > 1) max_wait = 1;   /* also bounds how late a signal is noticed */
    if (max_wait < 0.001) {
        /* A negative timeout makes lws poll without waiting. */
        lws_service(c->ctx, -1);
        return;
    }
    /* lws runs timers that are due before it computes its poll timeout; if ours were
     * consumed there, the poll would sleep until lws's own next timer (up to ~30 s).
     * The guard, slightly later, still bounds the wait then. */
    lws_usec_t us = (lws_usec_t)(max_wait * 1e6);
    lws_sul_schedule(c->ctx, 0, &c->wakeup, wakeup_cb, us);
    lws_sul_schedule(c->ctx, 0, &c->guard, wakeup_cb, us + 2000);
    lws_service(c->ctx, 0);
    lws_sul_cancel(&c->wakeup);
    lws_sul_cancel(&c->guard);
}

void wsc_client_free(wsc_client *c)
{
    if (!c) return;
    for (wsc_conn *conn = c->all; conn; conn = conn->next_all) {
        conn->wake = NULL;
        conn->tr = NULL;
    }
    for (wsc_http *h = c->http_all; h; h = h->next_all) {
        h->wake = NULL;
        h->tr = NULL;
    }
    lws_context_destroy(c->ctx);
    wsc_http_free_all(c->http_all);
    wsc_http_tls_free(c->http_tls);
    free(c->ca);
    wsc_conn *conn = c->all;
    while (conn) {
        wsc_conn *next = conn->next_all;
        free_queue(conn);
        wsc_inbox_free(&conn->inbox);
        free(conn->url);
        free(conn->close_reason);
        free(conn->error);
        free(conn->subprotocol);
        free(conn->rx);
        free(conn->extra_headers);
        free(conn);
        conn = next;
    }
    free(c);
}

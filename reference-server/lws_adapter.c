/* The one lws protocol callback: turns lws reasons into dialect calls (HTTP, upgrade,
 * open, complete message, writable, peer close, pong, close). Reassembly, the message size
 * limit and the write discipline (only from WRITEABLE) live here; protocol logic does not. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server_internal.h"

static void conn_link(wsrv_server *srv, wsrv_conn *c)
{
    c->prev = NULL;
    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    srv->nconns++;
}

static void conn_unlink(wsrv_server *srv, wsrv_conn *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    srv->nconns--;
}

static int on_established(struct lws *wsi, wsrv_vhost *vh, wsrv_conn *c)
{
    const wsrv_dialect *d = vh->dialect;
    memset(c, 0, sizeof *c);
    c->wsi = wsi;
    c->vhost = vh;
    /* Normally allocated (and filled by upgrade()) before the handshake completed. */
    c->session = wsrv_upgrade_take_session(wsi);
    if (!c->session)
        c->session = calloc(1, d->session_size ? d->session_size : 1);
    if (!c->session)
        return -1;
    c->open = true;
    conn_link(vh->server, c);
    wsrv_log(WSRV_LOG_DEBUG, "%s: connection opened (%zu open)", d->name, vh->server->nconns);
    d->open(vh->state, c, c->session);
    return 0;
}

/* Appends one received chunk; delivers the message when it is complete. */
static int on_receive(struct lws *wsi, wsrv_conn *c, const unsigned char *in, size_t len)
{
    wsrv_vhost *vh = c->vhost;
    size_t limit = vh->max_message_size;
    if (lws_is_first_fragment(wsi)) {
        c->rx_len = 0;
        c->rx_binary = lws_frame_is_binary(wsi) != 0;
    }
    if (len > limit - c->rx_len) {
        /* Refuse before buffering: never hold more than the limit. */
        wsrv_log(WSRV_LOG_INFO, "%s: message over %zu bytes, closing with %d", vh->dialect->name, limit,
                 vh->opts.oversize_close_code);
        lws_close_reason(wsi, (enum lws_close_status)vh->opts.oversize_close_code,
                         (unsigned char *)"message too big", 15);
        return -1;
    }
    if (c->rx_len + len > c->rx_cap) {
        size_t cap = c->rx_cap ? c->rx_cap : 4096;
        while (cap < c->rx_len + len)
            cap *= 2;
        if (cap > limit)
            cap = limit;
        unsigned char *p = realloc(c->rx, cap);
        if (!p)
            return -1;
        c->rx = p;
        c->rx_cap = cap;
    }
    if (len)
        memcpy(c->rx + c->rx_len, in, len);
    c->rx_len += len;
    if (lws_is_final_fragment(wsi)) {
        size_t n = c->rx_len;
        c->rx_len = 0;
        vh->dialect->message(vh->state, c, c->session, (const char *)c->rx, n, c->rx_binary);
        /* Large buffers are not kept around between messages. */
        if (c->rx_cap > 65536) {
            free(c->rx);
            c->rx = NULL;
            c->rx_cap = 0;
        }
    }
    return 0;
}

/* Writes a Close frame with exactly this payload (lws_close_reason always adds a code).
 * The caller then returns -1: lws closes without a second Close frame of its own. */
static void write_close(struct lws *wsi, const unsigned char *payload, size_t len)
{
    unsigned char buf[LWS_PRE + 125];
    if (len > 125)
        len = 125;
    if (len)
        memcpy(buf + LWS_PRE, payload, len);
    lws_write(wsi, buf + LWS_PRE, len, (enum lws_write_protocol)WSRV_LWS_WRITE_CLOSE);
}

/* The client's Close frame. Without a peer_close member lws echoes its payload (code and
 * reason) itself; with one, the dialect's answer is written here and the connection ends. */
static int on_peer_close(struct lws *wsi, wsrv_conn *c, const unsigned char *in, size_t len)
{
    wsrv_vhost *vh = c->vhost;
    c->peer_closed = true;
    if (c->close_sent)
        return -1; /* the answer to our Close: the handshake is complete */
    if (!vh->dialect->peer_close)
        return 0;
    int code = len >= 2 ? (in[0] << 8) | in[1] : 1005;
    const char *reason = len > 2 ? (const char *)in + 2 : "";
    size_t reason_len = len > 2 ? len - 2 : 0;
    int answer = vh->dialect->peer_close(vh->state, c, c->session, code, reason, reason_len);
    if (answer == 0) {
        write_close(wsi, NULL, 0);
    } else if (answer == WSRV_CLOSE_ECHO) {
        write_close(wsi, in, len);
    } else {
        unsigned char payload[2 + sizeof c->close_reason];
        size_t reason_len = strlen(c->close_reason);
        payload[0] = (unsigned char)((answer >> 8) & 0xff);
        payload[1] = (unsigned char)(answer & 0xff);
        memcpy(payload + 2, c->close_reason, reason_len);
        write_close(wsi, payload, 2 + reason_len);
    }
    return -1;
}

/* Small whole messages go out several to one send(): one lws_write per message costs a
 * system call and a TCP segment each, which dominates when many short answers are queued.
 * The frames are built here (server frames are unmasked, RFC 6455 5.1) and written raw;
 * that is only equivalent to lws framing them because the server negotiates no extension
 * (no permessage-deflate). */
#define BATCH_MAX_MESSAGE 4096   /* larger messages are written on their own */
#define BATCH_MAX_BYTES 16384    /* frames per send: a few TCP segments */

static bool batchable(const wsrv_outbox_msg *m)
{
    return m && (m->write_mode == LWS_WRITE_TEXT || m->write_mode == LWS_WRITE_BINARY) &&
           m->len <= BATCH_MAX_MESSAGE;
}

/* Writes the run of batchable messages at the head of the outbox with one send, if there
 * are at least two. Returns 1 when it wrote, 0 when the head is for a plain lws_write,
 * -1 on a write error. */
static int write_batch(struct lws *wsi, wsrv_outbox *ob)
{
    static unsigned char buf[LWS_PRE + BATCH_MAX_BYTES];
    wsrv_outbox_msg *m = wsrv_outbox_peek(ob);
    if (!batchable(m) || !batchable(m->next))
        return 0;
    size_t len = 0, count = 0;
    for (; batchable(m); m = m->next) {
        size_t head = m->len < 126 ? 2 : 4;
        if (len + head + m->len > BATCH_MAX_BYTES)
            break;
        unsigned char *p = buf + LWS_PRE + len;
        p[0] = (unsigned char)(0x80 | (m->write_mode == LWS_WRITE_TEXT ? 0x1 : 0x2)); /* FIN, opcode */
        if (head == 2) {
            p[1] = (unsigned char)m->len;
        } else {
            p[1] = 126;
            p[2] = (unsigned char)(m->len >> 8);
            p[3] = (unsigned char)m->len;
        }
        memcpy(p + head, wsrv_outbox_payload(m), m->len);
        len += head + m->len;
        count++;
    }
    if (count < 2)
        return 0;
    int n = lws_write(wsi, buf + LWS_PRE, len, LWS_WRITE_RAW);
    if (n < 0 || (size_t)n < len)
        return -1;
    while (count--)
        wsrv_outbox_pop(ob);
    return 1;
}

static int on_writeable(struct lws *wsi, wsrv_conn *c)
{
    wsrv_outbox_msg *m;
    while ((m = wsrv_outbox_peek(&c->outbox)) != NULL) {
        int batched = write_batch(wsi, &c->outbox);
        if (batched < 0)
            return -1;
        if (batched) {
            if (lws_send_pipe_choked(wsi))
                break;
            continue;
        }
        int n = lws_write(wsi, wsrv_outbox_payload(m), m->len, (enum lws_write_protocol)m->write_mode);
        if (n < 0 || (size_t)n < m->len)
            return -1;
        wsrv_outbox_pop(&c->outbox);
        if (lws_send_pipe_choked(wsi))
            break;
    }
    if (c->close_sent)
        return 0;
    if (!c->outbox.head && c->close_code == WSRV_CLOSE_WITHOUT_STATUS) {
        /* lws cannot send this Close itself, so it does not know the connection is
         * closing: wait here for the client's Close (on_peer_close ends it), as lws does
         * after a Close with a code, and give up after the same kind of timeout. */
        write_close(wsi, NULL, 0);
        c->close_sent = true;
        lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_ACK, 5);
        return 0;
    }
    if (!c->outbox.head && c->close_code) {
        lws_close_reason(wsi, (enum lws_close_status)c->close_code, NULL, 0);
        return -1;
    }
    if (c->outbox.count <= WSRV_OUTBOX_LOW_MARK && !c->close_code)
        c->vhost->dialect->writable(c->vhost->state, c, c->session);
    if (c->outbox.head || c->close_code)
        lws_callback_on_writable(wsi);
    return 0;
}

static void on_closed(wsrv_conn *c)
{
    if (!c->open)
        return;
    wsrv_vhost *vh = c->vhost;
    c->open = false;
    vh->dialect->close(vh->state, c, c->session);
    free(c->session);
    c->session = NULL;
    wsrv_outbox_clear(&c->outbox);
    free(c->rx);
    c->rx = NULL;
    conn_unlink(vh->server, c);
    wsrv_log(WSRV_LOG_DEBUG, "%s: connection closed (%zu open)", vh->dialect->name, vh->server->nconns);
}

int wsrv_lws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    const struct lws_protocols *p = lws_get_protocol(wsi);
    wsrv_vhost *vh = p ? p->user : NULL;
    wsrv_conn *c = user;
    switch (reason) {
    case LWS_CALLBACK_HTTP:
        return vh && c ? wsrv_http_begin(wsi, vh, c) : -1;
    case LWS_CALLBACK_HTTP_BODY:
        return c && c->http ? wsrv_http_body(c, in, len) : -1;
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        return c && c->http ? wsrv_http_complete(wsi, c) : -1;
    case LWS_CALLBACK_HTTP_WRITEABLE:
        return c && c->http ? wsrv_http_writeable(wsi, c) : 0;
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
        if (c)
            wsrv_http_release(c);
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
        return vh ? wsrv_upgrade_confirm(wsi, vh, in) : -1;
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        if (vh)
            wsrv_upgrade_filter(vh);
        return 0;
    case LWS_CALLBACK_WSI_DESTROY:
        wsrv_upgrade_discard(wsi);
        return 0;
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        return c && c->open ? on_peer_close(wsi, c, in, len) : 0;
    case LWS_CALLBACK_RECEIVE_PONG:
        if (c && c->open && c->vhost->dialect->pong)
            c->vhost->dialect->pong(c->vhost->state, c, c->session, in, len);
        return 0;
    case LWS_CALLBACK_ESTABLISHED:
        if (vh)
            wsrv_upgrade_established(vh);
        return vh ? on_established(wsi, vh, c) : -1;
    case LWS_CALLBACK_RECEIVE:
        if (c && c->open && c->close_sent)
            return 0; /* data after our Close is discarded (RFC 6455 1.4) */
        return c && c->open ? on_receive(wsi, c, in, len) : -1;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return c && c->open ? on_writeable(wsi, c) : 0;
    case LWS_CALLBACK_CLOSED:
        if (c)
            on_closed(c);
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

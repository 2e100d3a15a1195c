/* HTTP requests over raw lws client sockets (see http_client.h). */
#include "http_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes handed to lws_write per writeable callback: large bodies go out in steps so
 * that other connections are served in between. */
#define WSC_HTTP_WRITE_STEP 65536

static double since(const wsc_http *h)
{
    return wsc_now() - h->t0;
}

static void note(wsc_http *h, wsc_tr_dir dir, const char *text)
{
    if (h->tr) wsc_transcript_add(h->tr, h->no, dir, since(h), WSC_OP_NOTE, text, strlen(text));
}

static void wake(wsc_http *h)
{
    if (h->wake) h->wake(h->owner);
}

/* Forgets the request bytes: sent, or no longer needed. */
static void drop_request(wsc_http *h)
{
    free(h->out);
    h->out = NULL;
    h->body = NULL;
    h->out_len = h->out_pos = 0;
}

/* The next piece of the request to send, at most max bytes (head, then body). */
static size_t next_piece(const wsc_http *h, const char **p, size_t max)
{
    size_t n;
    if (h->out_pos < h->head_len) {
        *p = h->out + h->out_pos;
        n = h->head_len - h->out_pos;
    } else {
        *p = h->body + (h->out_pos - h->head_len);
        n = h->out_len - h->out_pos;
    }
    return n < max ? n : max;
}

static void fail(wsc_http *h, const char *why)
{
    if (h->state == WSC_HTTP_DONE || h->state == WSC_HTTP_FAILED) return;
    h->state = WSC_HTTP_FAILED;
    drop_request(h);
    if (!h->error) h->error = strdup(why);
    char buf[400];
    snprintf(buf, sizeof buf, "HTTP %s %s failed: %s", h->method ? h->method : "?", h->target ? h->target : "?", why);
    note(h, WSC_TR_EVENT, buf);
    wake(h);
}

static void complete(wsc_http *h)
{
    h->state = WSC_HTTP_DONE;
    drop_request(h);
    const char *ct = wsc_http_header_get(&h->resp, "content-type");
    char buf[400];
    snprintf(buf, sizeof buf, "HTTP %d %s (%zu bytes body%s%s)", h->resp.status, h->resp.reason ? h->resp.reason : "",
             h->resp.body_len, ct ? ", " : "", ct ? ct : "");
    note(h, WSC_TR_IN, buf);
    wake(h);
}

void wsc_http_tls_free(void *ctx)
{
    wsc_tls_ctx_free(ctx);
}

/* Response bytes (decrypted for https): parse; a complete response closes the socket
 * (returns -1 to lws). */
static int on_plain(wsc_http *h, const char *in, size_t len)
{
    if (h->state == WSC_HTTP_DONE || h->state == WSC_HTTP_FAILED) return -1;
    if (wsc_http_parser_feed(&h->resp, in, len)) {
        fail(h, h->resp.error);
        return -1;
    }
    if (h->resp.state == WSC_HP_DONE) {
        complete(h);
        return -1;
    }
    /* A server may answer before it read the whole body (an early 413, say). */
    if (h->state == WSC_HTTP_SENDING && h->resp.state != WSC_HP_STATUS) h->state = WSC_HTTP_RECEIVING;
    return 0;
}

/* The connection ended: a response read to the end completes, anything else fails. */
static int on_end(wsc_http *h)
{
    if (h->state == WSC_HTTP_SENDING || h->state == WSC_HTTP_RECEIVING) {
        if (wsc_http_parser_eof(&h->resp) == 0) complete(h);
        else fail(h, h->resp.error);
    }
    return -1;
}

/* https: ciphertext arrived. Drives the handshake, then decrypts into on_plain. */
static int on_tls_rx(wsc_http *h, struct lws *wsi, const char *in, size_t len)
{
    if (h->state == WSC_HTTP_DONE || h->state == WSC_HTTP_FAILED) return -1;
    char err[300];
    if (wsc_tls_pipe_feed(h->tls, in, len)) {
        fail(h, "out of memory");
        return -1;
    }
    if (!h->tls_ready) {
        int hs = wsc_tls_pipe_handshake(h->tls, err, sizeof err);
        if (hs < 0) {
            fail(h, err);
            return -1;
        }
        h->tls_ready = hs;
    }
    static char buf[65536];
    for (;;) {
        long n = h->tls_ready ? wsc_tls_pipe_read(h->tls, buf, sizeof buf, err, sizeof err) : 0;
        if (n == -2) return on_end(h);
        if (n == -1) {
            fail(h, err);
            return -1;
        }
        if (n == 0) break;
        if (on_plain(h, buf, (size_t)n)) return -1;
    }
    if (wsc_tls_pipe_pending(h->tls) || (h->tls_ready && h->out_pos < h->out_len)) lws_callback_on_writable(wsi);
    return 0;
}

/* https: sends pending ciphertext, encrypting the next piece of the request first when
 * nothing is pending. */
static int on_tls_writeable(wsc_http *h, struct lws *wsi)
{
    if (h->state != WSC_HTTP_SENDING && h->state != WSC_HTTP_RECEIVING) return 0;
    char err[300];
    if (!wsc_tls_pipe_pending(h->tls) && h->tls_ready && h->out_pos < h->out_len) {
        const char *piece;
        size_t n = next_piece(h, &piece, WSC_HTTP_WRITE_STEP);
        long took = wsc_tls_pipe_write(h->tls, piece, n, err, sizeof err);
        if (took < 0) {
            fail(h, err);
            return -1;
        }
        h->out_pos += (size_t)took;
    }
    size_t pending = wsc_tls_pipe_pending(h->tls);
    if (pending) {
        static unsigned char buf[LWS_PRE + WSC_HTTP_WRITE_STEP + 1024];
        size_t n = wsc_tls_pipe_take(h->tls, buf + LWS_PRE, WSC_HTTP_WRITE_STEP + 1024);
        if (lws_write(wsi, buf + LWS_PRE, n, LWS_WRITE_RAW) < 0) {
            fail(h, "write failed (the server closed the connection?)");
            return -1;
        }
    }
    if (wsc_tls_pipe_pending(h->tls) || (h->tls_ready && h->out_pos < h->out_len)) lws_callback_on_writable(wsi);
    else if (h->tls_ready && h->state == WSC_HTTP_SENDING) h->state = WSC_HTTP_RECEIVING;
    return 0;
}

static int on_writeable(wsc_http *h, struct lws *wsi)
{
    if (h->tls) return on_tls_writeable(h, wsi);
    if (h->state != WSC_HTTP_SENDING || h->out_pos >= h->out_len) return 0;
    const char *piece;
    size_t n = next_piece(h, &piece, WSC_HTTP_WRITE_STEP);
    unsigned char buf[LWS_PRE + WSC_HTTP_WRITE_STEP];
    memcpy(buf + LWS_PRE, piece, n);
    /* lws keeps whatever the socket did not take and sends it before the next
     * writeable callback, so the step counts as written. */
    if (lws_write(wsi, buf + LWS_PRE, n, LWS_WRITE_RAW) < 0) {
        fail(h, "write failed (the server closed the connection?)");
        return -1;
    }
    h->out_pos += n;
    if (h->out_pos < h->out_len) lws_callback_on_writable(wsi);
    else h->state = WSC_HTTP_RECEIVING;
    return 0;
}

int wsc_http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    (void)user;
    wsc_http *h = wsi ? lws_get_opaque_user_data(wsi) : NULL;
    if (!h) return 0;
    switch (reason) {
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
        char buf[300];
        const char *why = in && len ? (const char *)in : "connection failed";
        if (strstr(why, "SSL") || strstr(why, "ssl") || strstr(why, "tls"))
            snprintf(buf, sizeof buf, "%s (TLS: is the certificate trusted? see --ca FILE, --insecure)", why);
        else
            snprintf(buf, sizeof buf, "%s", why);
        h->wsi = NULL;
        fail(h, buf);
        break;
    }
    case LWS_CALLBACK_RAW_CONNECTED:
        if (h->state != WSC_HTTP_CONNECTING) return -1;
        h->state = WSC_HTTP_SENDING;
        if (h->tls) {
            char err[300];
            if (wsc_tls_pipe_handshake(h->tls, err, sizeof err) < 0) {   /* writes the ClientHello */
                fail(h, err);
                return -1;
            }
        }
        lws_callback_on_writable(wsi);
        break;
    case LWS_CALLBACK_RAW_RX:
        if (h->tls) return on_tls_rx(h, wsi, in, len);
        return on_plain(h, in, len);
    case LWS_CALLBACK_RAW_WRITEABLE:
        return on_writeable(h, wsi);
    case LWS_CALLBACK_RAW_CLOSE:
        if (h->tls && !h->tls_ready && (h->state == WSC_HTTP_SENDING || h->state == WSC_HTTP_RECEIVING))
            fail(h, "the server closed the connection during the TLS handshake");
        on_end(h);
        break;
    case LWS_CALLBACK_WSI_DESTROY:
        h->wsi = NULL;
        if (h->state == WSC_HTTP_CONNECTING) fail(h, "connection dropped before it opened");
        else on_end(h);
        break;
    default:
        break;
    }
    return 0;
}

static wsc_http *fail_now(wsc_http *h, const char *why)
{
    fail(h, why);
    return h;
}

wsc_http *wsc_http_start(wsc_client *c, const char *url, const wsc_http_opts *o, wsc_transcript *tr, int no,
                         void (*wakefn)(void *), void *owner)
{
    wsc_http *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->no = no;
    h->tr = tr;
    h->wake = wakefn;
    h->owner = owner;
    h->t0 = wsc_now();
    h->state = WSC_HTTP_CONNECTING;
    h->url = strdup(url);
    h->method = strdup(o && o->method ? o->method : "GET");
    wsc_http_parser_init(&h->resp, strcmp(h->method, "HEAD") == 0);
    wsc_client_add_http(c, h);

    char copy[2048], target[4096], host[300];
    if (strlen(url) >= sizeof copy) {
        h->target = strdup("?");
        return fail_now(h, "URL too long");
    }
    strcpy(copy, url);
    const char *scheme, *hostname, *path;
    int port;
    int bad = lws_parse_uri(copy, &scheme, &hostname, &port, &path);
    if (o && o->path) snprintf(target, sizeof target, "%s%s", o->path[0] == '/' ? "" : "/", o->path);
    else snprintf(target, sizeof target, "/%s", bad ? "" : path + (path[0] == '/'));
    h->target = strdup(target);
    if (!h->url || !h->method || !h->target) return fail_now(h, "out of memory");
    if (bad) return fail_now(h, "cannot parse the URL");
    int tls;
    if (strcmp(scheme, "http") == 0) tls = 0;
    else if (strcmp(scheme, "https") == 0) tls = 1;
    else return fail_now(h, "URL scheme must be http:// or https://");
    if (tls && port == 80) port = 443;   /* lws_parse_uri defaults to 80 without a port */
    int default_port = tls ? port == 443 : port == 80;
    if (default_port) snprintf(host, sizeof host, "%s", hostname);
    else snprintf(host, sizeof host, "%s:%d", hostname, port);

    char err[200];
    size_t body_len = o && o->body ? o->body_len : 0;
    char *head = wsc_http_build_head(h->method, h->target, host, o ? o->headers : NULL, body_len, err, sizeof err);
    if (!head) return fail_now(h, err);
    h->out = head;
    h->head_len = strlen(head);
    h->body = body_len ? o->body : NULL;
    h->body_len = body_len;
    h->out_len = h->head_len + body_len;

    char buf[1024];
    snprintf(buf, sizeof buf, "HTTP %.40s %.150s (%.8s://%.300s, %zu bytes body)", h->method, h->target, scheme, host, body_len);
    note(h, WSC_TR_OUT, buf);

    struct lws_client_connect_info i;
    memset(&i, 0, sizeof i);
    i.context = wsc_client_context(c);
    i.address = hostname;
    i.port = port;
    i.path = h->target;
    i.host = hostname;
    i.origin = hostname;
    i.method = "RAW";
    i.local_protocol_name = WSC_HTTP_PROTOCOL;
    i.protocol = WSC_HTTP_PROTOCOL;
    i.opaque_user_data = h;
    i.pwsi = &h->wsi;
    if (tls) {
        h->tls = wsc_tls_pipe_new(wsc_client_http_tls(c), wsc_client_ca(c), wsc_client_insecure(c), hostname, err,
                                  sizeof err);
        if (!h->tls) return fail_now(h, err);
    }
    if (!lws_client_connect_via_info(&i)) {
        h->wsi = NULL;
        if (h->state == WSC_HTTP_CONNECTING) return fail_now(h, "connection failed");
    }
    return h;
}

void wsc_http_abort(wsc_http *h, const char *why)
{
    fail(h, why);
    if (h->wsi) lws_set_timeout(h->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
}

void wsc_http_detach(wsc_http *h)
{
    h->wake = NULL;
    h->owner = NULL;
    h->tr = NULL;
    if (h->state != WSC_HTTP_DONE && h->state != WSC_HTTP_FAILED) wsc_http_abort(h, "scenario finished");
    drop_request(h);
    wsc_http_parser_free(&h->resp);
    wsc_tls_pipe_free(h->tls);
    h->tls = NULL;
}

void wsc_http_free_all(wsc_http *list)
{
    while (list) {
        wsc_http *next = list->next_all;
        wsc_http_parser_free(&list->resp);
        wsc_tls_pipe_free(list->tls);
        free(list->url);
        free(list->method);
        free(list->target);
        free(list->out);
        free(list->error);
        free(list);
        list = next;
    }
}

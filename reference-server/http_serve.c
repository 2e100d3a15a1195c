/* Plain HTTP requests on a vhost: the whole body (up to the vhost's limit) is collected,
 * handed to dialect->http once, and the response is written in chunks from WRITEABLE so a
 * large body never blocks the loop. The connection closes after each response. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_request.h"
#include "log.h"
#include "server_internal.h"

#define HTTP_CHUNK 16384

struct wsrv_http_exchange {
    wsrv_vhost *vhost;
    char *body;                 /* request body being collected (owned) */
    size_t body_len, body_expected;
    bool discard_body;          /* already answered (e.g. 413): later body bytes are ignored */
    wsrv_response res;          /* the answer being written (body owned) */
    size_t sent;                /* response body bytes written */
    bool responding, finished;
    unsigned char chunk[LWS_PRE + HTTP_CHUNK];
};

static int clamp_status(int status)
{
    return status >= 100 && status <= 599 ? status : 500;
}

/* Writes the status line and headers; the body follows from WRITEABLE. */
static int write_head(struct lws *wsi, const wsrv_response *res)
{
    size_t extra = res->headers ? strlen(res->headers) : 0;
    size_t cap = LWS_PRE + 1024 + extra * 2;
    unsigned char *buf = malloc(cap);
    if (!buf)
        return -1;
    unsigned char *start = buf + LWS_PRE, *p = start, *end = buf + cap - 1;
    int rc = -1;
    if (lws_add_http_header_status(wsi, (unsigned int)clamp_status(res->status), &p, end))
        goto out;
    if (res->content_type &&
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE, (const unsigned char *)res->content_type,
                                     (int)strlen(res->content_type), &p, end))
        goto out;
    if (lws_add_http_header_content_length(wsi, res->body_len, &p, end))
        goto out;
    if (lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION, (const unsigned char *)"close", 5, &p, end))
        goto out;
    /* Extra lines "Name: value\r\n"; anything without a colon is dropped. */
    for (const char *line = res->headers; line && *line;) {
        const char *eol = strstr(line, "\r\n");
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *colon = memchr(line, ':', len);
        if (colon && colon > line && (size_t)(colon - line) < 128) {
            char name[130];
            size_t nlen = (size_t)(colon - line) + 1;
            memcpy(name, line, nlen);
            name[nlen] = '\0';
            const char *v = colon + 1;
            while (v < line + len && (*v == ' ' || *v == '\t'))
                v++;
            if (lws_add_http_header_by_name(wsi, (const unsigned char *)name, (const unsigned char *)v,
                                            (int)(line + len - v), &p, end))
                goto out;
        }
        line += len;
        if (eol)
            line += 2;
    }
    rc = lws_finalize_write_http_header(wsi, start, &p, end) ? -1 : 0;
out:
    free(buf);
    return rc;
}

static int respond(struct lws *wsi, wsrv_http_exchange *x)
{
    x->responding = true;
    if (write_head(wsi, &x->res) != 0)
        return -1;
    lws_callback_on_writable(wsi);
    return 0;
}

static int respond_plain(struct lws *wsi, wsrv_http_exchange *x, int status, const char *text)
{
    free(x->res.body);
    free(x->res.headers);
    memset(&x->res, 0, sizeof x->res);
    x->res.status = status;
    x->res.content_type = "text/plain";
    x->res.body = strdup(text);
    if (!x->res.body)
        return -1;
    x->res.body_len = strlen(text);
    return respond(wsi, x);
}

static int dispatch(struct lws *wsi, wsrv_http_exchange *x)
{
    const wsrv_dialect *d = x->vhost->dialect;
    if (!d->http)
        return respond_plain(wsi, x, 404, "Not Found\n");
    wsrv_request req;
    wsrv_request_store st;
    if (wsrv_request_init(&req, &st, wsi) != 0)
        return -1;
    req.body = x->body;
    req.body_len = x->body_len;
    x->res.status = 404;
    d->http(x->vhost->state, &req, &x->res);
    wsrv_request_release(&st);
    free(x->body);
    x->body = NULL;
    if (x->res.body_len && !x->res.body)
        x->res.body_len = 0;
    wsrv_log(WSRV_LOG_DEBUG, "%s: HTTP %s %s -> %d", d->name, req.method, req.path ? req.path : "",
             x->res.status);
    return respond(wsi, x);
}

int wsrv_http_begin(struct lws *wsi, wsrv_vhost *vh, wsrv_conn *c)
{
    wsrv_http_release(c);
    wsrv_http_exchange *x = calloc(1, sizeof *x);
    if (!x)
        return -1;
    x->vhost = vh;
    c->http = x;
    char num[32] = "";
    if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0) {
        /* Bodies are accepted with a Content-Length only. */
        x->discard_body = true;
        return respond_plain(wsi, x, 411, "Length Required\n");
    }
    if (lws_hdr_copy(wsi, num, sizeof num, WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0) {
        char *end;
        unsigned long long n = strtoull(num, &end, 10);
        if (*end || num[0] < '0' || num[0] > '9') {
            x->discard_body = true;
            return respond_plain(wsi, x, 400, "Bad Content-Length\n");
        }
        if (n > vh->max_message_size) {
            x->discard_body = true;
            return respond_plain(wsi, x, 413, "Payload Too Large\n");
        }
        x->body_expected = (size_t)n;
    }
    if (x->body_expected == 0)
        return dispatch(wsi, x);
    x->body = malloc(x->body_expected);
    return x->body ? 0 : -1;
}

int wsrv_http_body(wsrv_conn *c, const void *in, size_t len)
{
    wsrv_http_exchange *x = c->http;
    if (x->discard_body || x->responding)
        return 0;
    if (len > x->body_expected - x->body_len)
        len = x->body_expected - x->body_len;
    if (len == 0 || !x->body)
        return 0; /* more than Content-Length announced: ignored */
    memcpy(x->body + x->body_len, in, len);
    x->body_len += len;
    return 0;
}

int wsrv_http_complete(struct lws *wsi, wsrv_conn *c)
{
    wsrv_http_exchange *x = c->http;
    if (x->responding)
        return 0;
    return dispatch(wsi, x);
}

int wsrv_http_writeable(struct lws *wsi, wsrv_conn *c)
{
    wsrv_http_exchange *x = c->http;
    if (!x->responding)
        return 0;
    if (x->finished)
        return -1; /* everything is on the wire (lws flushes before calling us) */
    size_t left = x->res.body_len - x->sent;
    size_t n = left < HTTP_CHUNK ? left : HTTP_CHUNK;
    if (n)
        memcpy(x->chunk + LWS_PRE, x->res.body + x->sent, n);
    bool last = n == left;
    if (n && lws_write(wsi, x->chunk + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) < (int)n)
        return -1;
    x->sent += n;
    if (last)
        x->finished = true;
    lws_callback_on_writable(wsi);
    return 0;
}

void wsrv_http_release(wsrv_conn *c)
{
    wsrv_http_exchange *x = c->http;
    if (!x)
        return;
    free(x->body);
    free(x->res.body);
    free(x->res.headers);
    free(x);
    c->http = NULL;
}

const char *wsrv_http_reason(int status)
{
    static const struct {
        int status;
        const char *reason;
    } reasons[] = {
        { 200, "OK" },
        { 400, "Bad Request" },
        { 401, "Unauthorized" },
        { 403, "Forbidden" },
        { 404, "Not Found" },
        { 405, "Method Not Allowed" },
        { 409, "Conflict" },
        { 411, "Length Required" },
        { 413, "Payload Too Large" },
        { 426, "Upgrade Required" },
        { 429, "Too Many Requests" },
        { 500, "Internal Server Error" },
        { 503, "Service Unavailable" },
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].status == status)
            return reasons[i].reason;
    return status < 400 ? "OK" : status < 500 ? "Refused" : "Error";
}

/* Composed by hand: during the upgrade check lws has not yet recorded the request's HTTP
 * version, and its header helpers would answer "HTTP/1.0". */
int wsrv_http_write_plain(struct lws *wsi, int status, const char *text)
{
    status = clamp_status(status);
    unsigned char buf[LWS_PRE + 512];
    char *start = (char *)buf + LWS_PRE;
    int n = snprintf(start, sizeof buf - LWS_PRE,
                     "HTTP/1.1 %d %s\r\ncontent-type: text/plain\r\ncontent-length: %zu\r\n"
                     "connection: close\r\n\r\n%s",
                     status, wsrv_http_reason(status), strlen(text), text);
    if (n < 0 || (size_t)n >= sizeof buf - LWS_PRE)
        return -1;
    return lws_write(wsi, (unsigned char *)start, (size_t)n, LWS_WRITE_HTTP_HEADERS) < n ? -1 : 0;
}

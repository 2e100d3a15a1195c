/* The raw WebSocket connection (see raw_ws.h). */
#define _GNU_SOURCE   /* SOCK_NONBLOCK, strndup */
#include "raw_ws.h"

#include <libwebsockets.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
/* Socket reads per pump: bounded, so that one busy connection cannot hold the loop. */
#define READ_STEP 65536
#define READS_PER_PUMP 64

static double since(const wsc_raw *r)
{
    return wsc_now() - r->t0;
}

static void note(wsc_raw *r, wsc_tr_dir dir, const char *text)
{
    if (r->tr) wsc_transcript_add(r->tr, r->no, dir, since(r), WSC_OP_NOTE, text, strlen(text));
}

static void close_fd(wsc_raw *r)
{
    if (r->fd >= 0) close(r->fd);
    r->fd = -1;
}

static void fail(wsc_raw *r, const char *why)
{
    if (r->state == WSC_RAW_FAILED || r->state == WSC_RAW_DROPPED) return;
    r->state = WSC_RAW_FAILED;
    free(r->error);
    r->error = strdup(why);
    char buf[400];
    snprintf(buf, sizeof buf, "raw %s: %s", r->url ? r->url : "?", why);
    note(r, WSC_TR_EVENT, buf);
    close_fd(r);
}

/* Appends len bytes to a growable buffer; 0, or -1 past max. */
static int append(unsigned char **buf, size_t *len, size_t *cap, const void *data, size_t n, size_t max)
{
    if (*len + n > max) return -1;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n + 1) c *= 2;
        unsigned char *p = realloc(*buf, c);
        if (!p) return -1;
        *buf = p;
        *cap = c;
    }
    if (n) memcpy(*buf + *len, data, n);
    *len += n;
    return 0;
}

void wsc_raw_accept_for(const char *key, char out[29])
{
    unsigned char digest[SHA_DIGEST_LENGTH];
    char joined[128];
    snprintf(joined, sizeof joined, "%s%s", key, WS_GUID);
    SHA1((const unsigned char *)joined, strlen(joined), digest);
    EVP_EncodeBlock((unsigned char *)out, digest, SHA_DIGEST_LENGTH);
}

static wsc_raw *fail_now(wsc_raw *r, const char *why)
{
    fail(r, why);
    return r;
}

/* The request head: the defaults, each unless the scenario's block names it, then the block. */
static int build_request(wsc_raw *r, const char *target, const char *host, const wsc_raw_opts *o)
{
    const char *extra = o && o->headers ? o->headers : "";
    size_t cap = strlen(target) + strlen(host) + strlen(extra) + (o && o->protocols ? strlen(o->protocols) : 0) +
                 (o && o->version ? strlen(o->version) : 0) + 400;
    char *head = malloc(cap);
    if (!head) return -1;
    int n = snprintf(head, cap, "GET %s HTTP/1.1\r\n", target);
    struct { const char *name, *value; } defaults[] = {
        { "Host", host }, { "Upgrade", "websocket" }, { "Connection", "Upgrade" },
        { "Sec-WebSocket-Key", r->key }, { "Sec-WebSocket-Version", o && o->version ? o->version : "13" },
        { "Sec-WebSocket-Protocol", o && o->protocols ? o->protocols : NULL },
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        if (!defaults[i].value || wsc_http_block_has(extra, defaults[i].name)) continue;
        n += snprintf(head + n, cap - (size_t)n, "%s: %s\r\n", defaults[i].name, defaults[i].value);
    }
    n += snprintf(head + n, cap - (size_t)n, "%s\r\n", extra);
    int rc = append(&r->out, &r->out_len, &r->out_cap, head, (size_t)n, WSC_RAW_MAX_QUEUED);
    free(head);
    return rc;
}

wsc_raw *wsc_raw_open(wsc_client *client, const char *url, const wsc_raw_opts *o, wsc_transcript *tr, int no)
{
    wsc_raw *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->fd = -1;
    r->tr = tr;
    r->no = no;
    r->t0 = wsc_now();
    r->state = WSC_RAW_CONNECTING;
    r->url = strdup(url);
    if (!r->url) return fail_now(r, "out of memory");

    char copy[2048], target[4096], host[300], port_s[16];
    if (strlen(url) >= sizeof copy) return fail_now(r, "URL too long");
    strcpy(copy, url);
    const char *scheme, *hostname, *path;
    int port;
    if (lws_parse_uri(copy, &scheme, &hostname, &port, &path)) return fail_now(r, "cannot parse the URL");
    int tls;
    if (strcmp(scheme, "ws") == 0) tls = 0;
    else if (strcmp(scheme, "wss") == 0) tls = 1;
    else return fail_now(r, "URL scheme must be ws:// or wss://");
    if (tls && port == 80) port = 443;   /* lws_parse_uri defaults to 80 without a port */
    if (o && o->path) snprintf(target, sizeof target, "%s%s", o->path[0] == '/' ? "" : "/", o->path);
    else snprintf(target, sizeof target, "/%s", path + (path[0] == '/'));
    if (port == (tls ? 443 : 80)) snprintf(host, sizeof host, "%s", hostname);
    else snprintf(host, sizeof host, "%s:%d", hostname, port);
    snprintf(port_s, sizeof port_s, "%d", port);

    unsigned char nonce[16];
    if (RAND_bytes(nonce, sizeof nonce) != 1) return fail_now(r, "no random bytes for Sec-WebSocket-Key");
    EVP_EncodeBlock((unsigned char *)r->key, nonce, sizeof nonce);
    wsc_raw_accept_for(r->key, r->accept_expected);
    if (build_request(r, target, host, o)) return fail_now(r, "out of memory");

    char buf[1024];
    snprintf(buf, sizeof buf, "raw upgrade GET %.300s (%.300s)%s%.100s", target, url,
             o && o->version ? " version " : "", o && o->version ? o->version : "");
    note(r, WSC_TR_OUT, buf);

    char err[300];
    if (tls) {
        r->tls = wsc_tls_pipe_new(wsc_client_http_tls(client), wsc_client_ca(client), wsc_client_insecure(client),
                                  hostname, err, sizeof err);
        if (!r->tls) return fail_now(r, err);
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int gai = getaddrinfo(hostname, port_s, &hints, &res);
    if (gai) {
        snprintf(err, sizeof err, "cannot resolve %s: %s", hostname, gai_strerror(gai));
        return fail_now(r, err);
    }
    r->fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, res->ai_protocol);
    if (r->fd < 0) {
        freeaddrinfo(res);
        snprintf(err, sizeof err, "socket: %s", strerror(errno));
        return fail_now(r, err);
    }
    int rc = connect(r->fd, res->ai_addr, res->ai_addrlen);
    int e = errno;
    freeaddrinfo(res);
    if (rc && e != EINPROGRESS) {
        snprintf(err, sizeof err, "connect: %s", strerror(e));
        return fail_now(r, err);
    }
    return r;
}

/* Plaintext queued -> the socket's buffer (through TLS when there is one). */
static int move_out(wsc_raw *r)
{
    char err[300];
    if (r->out_pos < r->out_len && (!r->tls || r->tls_ready)) {
        if (r->tls) {
            long took = wsc_tls_pipe_write(r->tls, r->out + r->out_pos, r->out_len - r->out_pos, err, sizeof err);
            if (took < 0) {
                fail(r, err);
                return -1;
            }
            r->out_pos += (size_t)took;
        } else if (append(&r->net, &r->net_len, &r->net_cap, r->out + r->out_pos, r->out_len - r->out_pos,
                          WSC_RAW_MAX_QUEUED + 1024)) {
            fail(r, "out of memory");
            return -1;
        } else {
            r->out_pos = r->out_len;
        }
        if (r->out_pos == r->out_len) r->out_pos = r->out_len = 0;
    }
    if (r->tls) {
        unsigned char buf[16384];
        size_t n;
        while ((n = wsc_tls_pipe_take(r->tls, buf, sizeof buf)) > 0)
            if (append(&r->net, &r->net_len, &r->net_cap, buf, n, (size_t)-1 / 2)) {
                fail(r, "out of memory");
                return -1;
            }
    }
    while (r->net_pos < r->net_len) {
        ssize_t w = send(r->fd, r->net + r->net_pos, r->net_len - r->net_pos, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
            char err2[300];
            snprintf(err2, sizeof err2, "write failed: %s", strerror(errno));
            /* The peer went away: what it sent before stays readable. */
            note(r, WSC_TR_EVENT, err2);
            if (!r->write_error) r->write_error = strdup(err2);
            r->peer_eof = 1;
            r->net_pos = r->net_len = 0;
            return -1;
        }
        r->net_pos += (size_t)w;
    }
    if (r->net_pos == r->net_len) r->net_pos = r->net_len = 0;
    return 0;
}

/* Plaintext arrived: kept for the handshake parser and the frame decoder. */
static int take_plain(wsc_raw *r, const void *data, size_t n)
{
    if (append(&r->in, &r->in_len, &r->in_cap, data, n, WSC_RAW_MAX_BUFFERED + READ_STEP)) {
        fail(r, "out of memory");
        return -1;
    }
    return 0;
}

static void move_in(wsc_raw *r)
{
    static unsigned char buf[READ_STEP];
    char err[300];
    for (int i = 0; i < READS_PER_PUMP && r->fd >= 0 && !r->peer_eof && r->in_len < WSC_RAW_MAX_BUFFERED; i++) {
        ssize_t n = recv(r->fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
            snprintf(err, sizeof err, "read failed: %s", strerror(errno));
            note(r, WSC_TR_EVENT, err);
            r->peer_eof = 1;
            return;
        }
        if (n == 0) {
            r->peer_eof = 1;
            return;
        }
        if (!r->tls) {
            if (take_plain(r, buf, (size_t)n)) return;
            continue;
        }
        if (wsc_tls_pipe_feed(r->tls, buf, (size_t)n)) {
            fail(r, "out of memory");
            return;
        }
        if (!r->tls_ready) {
            int hs = wsc_tls_pipe_handshake(r->tls, err, sizeof err);
            if (hs < 0) {
                fail(r, err);
                return;
            }
            r->tls_ready = hs;
        }
        static unsigned char plain[READ_STEP];
        long got;
        while (r->tls_ready && (got = wsc_tls_pipe_read(r->tls, plain, sizeof plain, err, sizeof err)) != 0) {
            if (got == -2) {
                r->peer_eof = 1;
                return;
            }
            if (got < 0) {
                fail(r, err);
                return;
            }
            if (take_plain(r, plain, (size_t)got)) return;
        }
    }
}

/* The end of TCP goes into the transcript once the frames that came before it have been
 * taken, so that the transcript keeps the wire's order. */
static void note_eof_in_order(wsc_raw *r)
{
    if (!r->peer_eof || r->eof_noted) return;
    if (r->state == WSC_RAW_OPEN || r->state == WSC_RAW_DROPPED) {
        wsc_raw_head h;
        char err[200];
        if (wsc_raw_frame_parse_head(r->in, r->in_len, &h, err, sizeof err) == 1 && r->in_len >= h.head_len + h.len)
            return;
    }
    r->eof_noted = 1;
    note(r, WSC_TR_EVENT, r->tls ? "raw: the peer ended the connection" : "raw: the peer closed the TCP connection");
}

static void consume_in(wsc_raw *r, size_t n)
{
    memmove(r->in, r->in + n, r->in_len - n);
    r->in_len -= n;
}

/* Status line and header lines of the answer (head_len bytes ending in CRLF CRLF). */
static int parse_head(wsc_raw *r, const char *head, size_t head_len)
{
    const char *end = head + head_len;
    const char *eol = memchr(head, '\r', head_len);
    int status = 0;
    char reason[200] = "";
    if (!eol || sscanf(head, "HTTP/1.%*1[01] %3d", &status) != 1 || status < 100) return -1;
    const char *sp = memchr(head, ' ', (size_t)(eol - head));
    sp = sp ? memchr(sp + 1, ' ', (size_t)(eol - sp - 1)) : NULL;
    if (sp) snprintf(reason, sizeof reason, "%.*s", (int)(eol - sp - 1), sp + 1);
    r->status = status;
    r->reason = strdup(reason);
    const char *line = eol + 2;
    while (line < end) {
        const char *le = memchr(line, '\r', (size_t)(end - line));
        if (!le || le == line) break;
        const char *colon = memchr(line, ':', (size_t)(le - line));
        if (colon) {
            wsc_http_header *hs = realloc(r->headers, (r->n_headers + 1) * sizeof *hs);
            if (!hs) return -1;
            r->headers = hs;
            size_t nl = (size_t)(colon - line);
            const char *vs = colon + 1, *ve = le;
            while (vs < ve && (*vs == ' ' || *vs == '\t')) vs++;
            while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            char *name = strndup(line, nl), *value = strndup(vs, (size_t)(ve - vs));
            if (!name || !value) {
                free(name);
                free(value);
                return -1;
            }
            for (char *p = name; *p; p++) *p = (char)tolower((unsigned char)*p);
            hs[r->n_headers].name = name;
            hs[r->n_headers].value = value;
            r->n_headers++;
        }
        line = le + 2;
    }
    return 0;
}

/* Reads the answer to the upgrade: 101 opens, another status is read to its end. */
static void advance_handshake(wsc_raw *r)
{
    if (r->refusal_active) {
        if (r->in_len) {
            if (wsc_http_parser_feed(&r->refusal, (const char *)r->in, r->in_len)) {
                fail(r, r->refusal.error);
                return;
            }
            r->in_len = 0;
        }
        if (r->refusal.state != WSC_HP_DONE && r->peer_eof && wsc_http_parser_eof(&r->refusal)) {
            fail(r, r->refusal.error[0] ? r->refusal.error : "the answer to the upgrade ended early");
            return;
        }
        if (r->refusal.state == WSC_HP_DONE || r->peer_eof) {
            r->state = WSC_RAW_REFUSED;
            char buf[300];
            snprintf(buf, sizeof buf, "raw upgrade refused: HTTP %d %.200s (%zu bytes body)", r->status,
                     r->reason ? r->reason : "", r->refusal.body_len);
            note(r, WSC_TR_IN, buf);
            close_fd(r);
        }
        return;
    }
    const char *head = (const char *)r->in;
    const char *end = NULL;
    for (size_t i = 0; i + 3 < r->in_len; i++)
        if (memcmp(head + i, "\r\n\r\n", 4) == 0) {
            end = head + i + 4;
            break;
        }
    if (!end) {
        if (r->in_len > WSC_HTTP_MAX_HEAD) fail(r, "the answer to the upgrade has an over-long head");
        else if (r->peer_eof) fail(r, r->in_len ? "the connection ended inside the answer's head"
                                                : "the connection ended before any answer to the upgrade");
        return;
    }
    size_t head_len = (size_t)(end - head);
    if (parse_head(r, head, head_len)) {
        fail(r, "the answer to the upgrade is not HTTP/1.x");
        return;
    }
    if (r->status == 101) {
        consume_in(r, head_len);   /* what follows is frames */
        r->state = WSC_RAW_OPEN;
        char buf[300];
        const char *acc = wsc_raw_header(r, "sec-websocket-accept");
        snprintf(buf, sizeof buf, "raw open: HTTP 101, Sec-WebSocket-Accept %s", acc && strcmp(acc, r->accept_expected) == 0
                                                                                    ? "matches"
                                                                                    : "does not match");
        note(r, WSC_TR_IN, buf);
        return;
    }
    wsc_http_parser_init(&r->refusal, 0);
    r->refusal_active = 1;
    advance_handshake(r);
}

void wsc_raw_pump(wsc_raw *r)
{
    if (r->fd < 0) return;
    if (!r->tcp_connected) {
        struct pollfd p = { r->fd, POLLOUT, 0 };
        if (poll(&p, 1, 0) <= 0) return;
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
        if (soerr) {
            char err[300];
            snprintf(err, sizeof err, "connect: %s", strerror(soerr));
            fail(r, err);
            return;
        }
        r->tcp_connected = 1;
        if (r->tls) {
            char err[300];
            if (wsc_tls_pipe_handshake(r->tls, err, sizeof err) < 0) {   /* writes the ClientHello */
                fail(r, err);
                return;
            }
        }
    }
    move_out(r);
    if (r->fd < 0) return;
    move_in(r);
    if (r->fd < 0) return;
    if (r->tls && r->tls_ready) move_out(r);   /* the handshake may have unblocked the request */
    if (r->fd >= 0 && r->state == WSC_RAW_CONNECTING) {
        if (r->tls && !r->tls_ready && r->peer_eof) fail(r, "the server closed the connection during the TLS handshake");
        else advance_handshake(r);
    }
    note_eof_in_order(r);
}

/* The transcript op of a frame, or -1 for a reserved opcode. */
static int tr_op(int opcode)
{
    switch (opcode) {
    case WSC_RAW_OP_TEXT: return WSC_OP_TEXT;
    case WSC_RAW_OP_BINARY: return WSC_OP_BINARY;
    case WSC_RAW_OP_CLOSE: return WSC_OP_CLOSE;
    case WSC_RAW_OP_PING: return WSC_OP_PING;
    case WSC_RAW_OP_PONG: return WSC_OP_PONG;
    case WSC_RAW_OP_CONTINUATION: return WSC_OP_CONT;
    default: return -1;
    }
}

static void record_frame(wsc_raw *r, wsc_tr_dir dir, int fin, int rsv, int opcode, int masked, const void *payload,
                         size_t len)
{
    if (!r->tr) return;
    int op = tr_op(opcode);
    /* Every frame goes in with its op (the reports show those structured); a note names the
     * header fields too when the frame breaks a rule, or is a Close (code and reason). */
    int control = opcode >= 8;
    int noted = op < 0 || rsv || masked != (dir == WSC_TR_OUT) || (control && (!fin || len > 125)) ||
                opcode == WSC_RAW_OP_CLOSE;
    if (noted) {
        const char *name = wsc_raw_opcode_name(opcode);
        const unsigned char *p = payload;
        char *shown;
        char code[40] = "";
        if (opcode == WSC_RAW_OP_CLOSE && len >= 2) {
            snprintf(code, sizeof code, "code %d, reason ", (p[0] << 8) | p[1]);
            shown = wsc_transcript_show(WSC_OP_TEXT, (const char *)p + 2, len - 2);
        } else {
            shown = wsc_transcript_show(opcode == WSC_RAW_OP_TEXT ? WSC_OP_TEXT : WSC_OP_BINARY, payload, len);
        }
        char buf[400];
        snprintf(buf, sizeof buf, "raw frame %s (opcode 0x%X) fin %d rsv %d %s, %zu bytes%s%s%s",
                 name ? name : "reserved", opcode, fin, rsv, masked ? "masked" : "unmasked", len, len ? ": " : "", code,
                 len ? (shown ? shown : "?") : "");
        free(shown);
        wsc_transcript_add(r->tr, r->no, dir, since(r), WSC_OP_NOTE, buf, strlen(buf));
    }
    if (op >= 0) wsc_transcript_add(r->tr, r->no, dir, since(r), (wsc_tr_op)op, payload, len);
}

int wsc_raw_send(wsc_raw *r, int fin, int rsv, int opcode, const unsigned char mask[4], const void *payload,
                 size_t len)
{
    if (r->state != WSC_RAW_OPEN || r->fd < 0) return -1;
    size_t size = wsc_raw_frame_size(len, mask != NULL);
    if (r->out_len + size > WSC_RAW_MAX_QUEUED) return -1;
    unsigned char *buf = malloc(size);
    if (!buf) return -1;
    wsc_raw_frame_encode(buf, fin, rsv, opcode, mask, payload, len);
    int rc = append(&r->out, &r->out_len, &r->out_cap, buf, size, WSC_RAW_MAX_QUEUED);
    free(buf);
    if (rc == 0) record_frame(r, WSC_TR_OUT, fin, rsv, opcode, mask != NULL, payload, len);
    return rc;
}

int wsc_raw_send_bytes(wsc_raw *r, const void *data, size_t len)
{
    if (r->state != WSC_RAW_OPEN || r->fd < 0) return -1;
    if (append(&r->out, &r->out_len, &r->out_cap, data, len, WSC_RAW_MAX_QUEUED)) return -1;
    if (r->tr) {
        char *shown = wsc_transcript_show(WSC_OP_BINARY, data, len);
        char buf[300];
        snprintf(buf, sizeof buf, "raw bytes outside any frame, %zu bytes: %s", len, shown ? shown : "?");
        free(shown);
        wsc_transcript_add(r->tr, r->no, WSC_TR_OUT, since(r), WSC_OP_NOTE, buf, strlen(buf));
    }
    return 0;
}

size_t wsc_raw_pending(const wsc_raw *r)
{
    return r->fd < 0 ? 0 : (r->out_len - r->out_pos) + (r->net_len - r->net_pos) + (r->tls ? wsc_tls_pipe_pending(r->tls) : 0);
}

int wsc_raw_next_frame(wsc_raw *r, wsc_raw_frame *f)
{
    /* Frames that arrived before a failure are still handed out, then the failure. */
    int failed = r->state == WSC_RAW_FAILED;
    if (r->state == WSC_RAW_CONNECTING || r->state == WSC_RAW_REFUSED) return 0;
    wsc_raw_head h;
    char err[200];
    int got = wsc_raw_frame_parse_head(r->in, r->in_len, &h, err, sizeof err);
    if (got < 0) {
        fail(r, err);
        r->in_len = 0;
        return -1;
    }
    if (got == 0 || r->in_len < h.head_len + h.len) return failed ? -1 : 0;
    memset(f, 0, sizeof *f);
    f->payload = malloc((size_t)h.len + 1);
    if (!f->payload) {
        fail(r, "out of memory");
        return -1;
    }
    memcpy(f->payload, r->in + h.head_len, (size_t)h.len);
    f->payload[h.len] = 0;
    if (h.masked) wsc_raw_mask(f->payload, (size_t)h.len, h.mask, 0);
    f->len = (size_t)h.len;
    f->fin = h.fin;
    f->rsv = h.rsv;
    f->opcode = h.opcode;
    f->masked = h.masked;
    f->at = since(r);
    consume_in(r, h.head_len + (size_t)h.len);
    record_frame(r, WSC_TR_IN, f->fin, f->rsv, f->opcode, f->masked, f->payload, f->len);
    note_eof_in_order(r);
    return 1;
}

void wsc_raw_frame_free(wsc_raw_frame *f)
{
    free(f->payload);
    f->payload = NULL;
}

const char *wsc_raw_header(const wsc_raw *r, const char *name)
{
    for (size_t i = 0; i < r->n_headers; i++)
        if (strcmp(r->headers[i].name, name) == 0) return r->headers[i].value;
    return NULL;
}

void wsc_raw_drop(wsc_raw *r, const char *why)
{
    if (r->fd >= 0) {
        char buf[300];
        snprintf(buf, sizeof buf, "raw: TCP connection dropped without a Close frame (%s)", why ? why : "close_tcp");
        note(r, WSC_TR_EVENT, buf);
    }
    close_fd(r);
    if (r->state == WSC_RAW_OPEN || r->state == WSC_RAW_CONNECTING) r->state = WSC_RAW_DROPPED;
}

void wsc_raw_free(wsc_raw *r)
{
    if (!r) return;
    close_fd(r);
    wsc_tls_pipe_free(r->tls);
    free(r->out);
    free(r->net);
    free(r->in);
    free(r->reason);
    for (size_t i = 0; i < r->n_headers; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    if (r->refusal_active) wsc_http_parser_free(&r->refusal);
    free(r->error);
    free(r->write_error);
    free(r->url);
    free(r);
}

#include "wire_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>

#define WC_TIMEOUT_S 10

int wc_connect(wc_conn *c, int port, const char *tls_ca)
{
    memset(c, 0, sizeof *c);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0)
        return -1;
    struct timeval tv = { .tv_sec = WC_TIMEOUT_S };
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        goto fail;
    if (tls_ca) {
        c->ctx = SSL_CTX_new(TLS_client_method());
        if (!c->ctx)
            goto fail;
        SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
        if (*tls_ca && SSL_CTX_load_verify_locations(c->ctx, tls_ca, NULL) != 1)
            goto fail;
        c->ssl = SSL_new(c->ctx);
        if (!c->ssl || !SSL_set_tlsext_host_name(c->ssl, "localhost") || !SSL_set1_host(c->ssl, "localhost") ||
            !SSL_set_fd(c->ssl, c->fd) || SSL_connect(c->ssl) != 1) {
            if (getenv("WIRE_TLS_DEBUG"))
                ERR_print_errors_fp(stderr);
            ERR_clear_error();
            goto fail;
        }
    }
    return 0;
fail:
    wc_close(c);
    return -1;
}

void wc_close(wc_conn *c)
{
    if (c->ssl)
        SSL_free(c->ssl);
    if (c->ctx)
        SSL_CTX_free(c->ctx);
    if (c->fd >= 0)
        close(c->fd);
    free(c->rbuf);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

int wc_send(wc_conn *c, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        long n = c->ssl ? SSL_write(c->ssl, p, (int)len) : (long)send(c->fd, p, len, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Receives more bytes into rbuf; returns the count, 0 on EOF, -1 on error or timeout. */
static long fill(wc_conn *c)
{
    if (c->rcap - c->rlen < 16384) {
        size_t cap = c->rcap ? c->rcap * 2 : 65536;
        unsigned char *p = realloc(c->rbuf, cap);
        if (!p)
            return -1;
        c->rbuf = p;
        c->rcap = cap;
    }
    long n = c->ssl ? SSL_read(c->ssl, c->rbuf + c->rlen, (int)(c->rcap - c->rlen))
                    : (long)recv(c->fd, c->rbuf + c->rlen, c->rcap - c->rlen, 0);
    if (n > 0)
        c->rlen += (size_t)n;
    return n < 0 ? -1 : n;
}

static int need(wc_conn *c, size_t n)
{
    while (c->rlen < n)
        if (fill(c) <= 0)
            return -1;
    return 0;
}

static unsigned char *find_blank_line(unsigned char *p, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(p + i, "\r\n\r\n", 4) == 0)
            return p + i;
    return NULL;
}

static void consume(wc_conn *c, size_t n)
{
    memmove(c->rbuf, c->rbuf + n, c->rlen - n);
    c->rlen -= n;
}

char *wc_http(int port, const char *tls_ca, const char *request, size_t len, size_t *resp_len)
{
    wc_conn c;
    if (wc_connect(&c, port, tls_ca) != 0)
        return NULL;
    char *out = NULL;
    if (wc_send(&c, request, len) == 0) {
        long n;
        while ((n = fill(&c)) > 0)
            ;
        if (n == 0 || c.rlen > 0) {
            out = malloc(c.rlen + 1);
            if (out) {
                memcpy(out, c.rbuf, c.rlen);
                out[c.rlen] = '\0';
                *resp_len = c.rlen;
            }
        }
    }
    wc_close(&c);
    return out;
}

int wc_ws_open(wc_conn *c, int port, const char *tls_ca, const char *path, const char *extra, char *head,
               size_t headcap)
{
    if (wc_connect(c, port, tls_ca) != 0)
        return -1;
    char req[4096];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
                     path, extra ? extra : "");
    if (n <= 0 || (size_t)n >= sizeof req || wc_send(c, req, (size_t)n) != 0)
        return -1;
    for (;;) {
        unsigned char *end = c->rbuf ? find_blank_line(c->rbuf, c->rlen) : NULL;
        if (end) {
            size_t hl = (size_t)(end - c->rbuf) + 4;
            size_t copy = hl < headcap ? hl : headcap - 1;
            memcpy(head, c->rbuf, copy);
            head[copy] = '\0';
            consume(c, hl);
            int status = -1;
            sscanf(head, "HTTP/1.1 %d", &status);
            return status;
        }
        if (fill(c) <= 0) {
            size_t copy = c->rlen < headcap ? c->rlen : headcap - 1;
            memcpy(head, c->rbuf, copy);
            head[copy] = '\0';
            int status = -1;
            sscanf(head, "HTTP/1.1 %d", &status);
            return status;
        }
    }
}

int wc_ws_send(wc_conn *c, int opcode, bool fin, const void *payload, size_t len)
{
    unsigned char *frame = malloc(14 + len);
    if (!frame)
        return -1;
    size_t at = 0;
    frame[at++] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
    if (len < 126) {
        frame[at++] = (unsigned char)(0x80 | len);
    } else if (len < 65536) {
        frame[at++] = 0x80 | 126;
        frame[at++] = (unsigned char)(len >> 8);
        frame[at++] = (unsigned char)len;
    } else {
        frame[at++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--)
            frame[at++] = (unsigned char)((uint64_t)len >> (8 * i));
    }
    const unsigned char mask[4] = { 0x12, 0x34, 0x56, 0x78 };
    memcpy(frame + at, mask, 4);
    at += 4;
    for (size_t i = 0; i < len; i++)
        frame[at + i] = ((const unsigned char *)payload)[i] ^ mask[i & 3];
    int rc = wc_send(c, frame, at + len);
    free(frame);
    return rc;
}

int wc_ws_read(wc_conn *c, wc_frame *f)
{
    memset(f, 0, sizeof *f);
    if (need(c, 2) != 0)
        return -1;
    f->fin = (c->rbuf[0] & 0x80) != 0;
    f->opcode = c->rbuf[0] & 0x0f;
    size_t len = c->rbuf[1] & 0x7f, hl = 2;
    if (len == 126) {
        if (need(c, 4) != 0)
            return -1;
        len = ((size_t)c->rbuf[2] << 8) | c->rbuf[3];
        hl = 4;
    } else if (len == 127) {
        if (need(c, 10) != 0)
            return -1;
        len = 0;
        for (int i = 0; i < 8; i++)
            len = (len << 8) | c->rbuf[2 + i];
        hl = 10;
    }
    if (need(c, hl + len) != 0)
        return -1;
    f->data = malloc(len + 1);
    if (!f->data)
        return -1;
    memcpy(f->data, c->rbuf + hl, len);
    f->data[len] = '\0';
    f->len = len;
    consume(c, hl + len);
    return 0;
}

void wc_frame_free(wc_frame *f)
{
    free(f->data);
    memset(f, 0, sizeof *f);
}

bool wc_at_eof(wc_conn *c)
{
    if (c->rlen)
        return false;
    return fill(c) == 0;
}

char *wc_read_to_eof(wc_conn *c)
{
    long n;
    while ((n = fill(c)) > 0)
        ;
    if (n < 0)
        return NULL;
    char *out = malloc(c->rlen + 1);
    if (out) {
        memcpy(out, c->rbuf ? (const char *)c->rbuf : "", c->rlen);
        out[c->rlen] = '\0';
    }
    c->rlen = 0;
    return out;
}

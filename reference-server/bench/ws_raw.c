#include "ws_raw.h"
#include "raw_ws_frame.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* Any key works for masking; a fixed one keeps the client's cost per frame low. */
static const unsigned char wsr_mask[4] = { 0x37, 0xfa, 0x21, 0x3d };

static int reserve(unsigned char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t cap2 = *cap ? *cap : 65536;
    while (cap2 < need)
        cap2 *= 2;
    unsigned char *b = realloc(*buf, cap2);
    if (!b)
        return -1;
    *buf = b;
    *cap = cap2;
    return 0;
}

int wsr_tcp_connect(const char *host, int port, char *err, size_t errlen)
{
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        snprintf(err, errlen, "connect %s:%d: %s", host, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    /* Requests are small and latency is measured: no Nagle delay. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = { 5, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int wsr_open(wsr_conn *c, const char *host, int port, const char *path, const char *subprotocols,
             char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->fd = wsr_tcp_connect(host, port, err, errlen);
    if (c->fd < 0)
        return -1;
    char req[2048];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: d3Njb25mLWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\n%s%s%s\r\n",
                     path, host, port, subprotocols ? "Sec-WebSocket-Protocol: " : "",
                     subprotocols ? subprotocols : "", subprotocols ? "\r\n" : "");
    if (n < 0 || (size_t)n >= sizeof req || write_all(c->fd, req, (size_t)n) != 0) {
        snprintf(err, errlen, "sending the handshake failed");
        wsr_free(c);
        return -1;
    }
    /* Read the response head; bytes after it are the first frames. */
    if (reserve(&c->in, &c->in_cap, 65536) != 0) {
        snprintf(err, errlen, "out of memory");
        wsr_free(c);
        return -1;
    }
    char *end = NULL;
    while (!end) {
        if (c->in_len + 1 >= c->in_cap) {
            snprintf(err, errlen, "handshake response too long");
            wsr_free(c);
            return -1;
        }
        ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            snprintf(err, errlen, "no handshake response (%s)", r == 0 ? "closed" : strerror(errno));
            wsr_free(c);
            return -1;
        }
        c->in_len += (size_t)r;
        c->in[c->in_len] = '\0';
        end = strstr((char *)c->in, "\r\n\r\n");
    }
    if (strncmp((char *)c->in, "HTTP/1.1 101", 12) != 0) {
        char *eol = strstr((char *)c->in, "\r\n");
        snprintf(err, errlen, "handshake refused: %.*s", (int)(eol - (char *)c->in), (char *)c->in);
        wsr_free(c);
        return -1;
    }
    c->in_off = (size_t)(end + 4 - (char *)c->in);
    int fl = fcntl(c->fd, F_GETFL);
    fcntl(c->fd, F_SETFL, fl | O_NONBLOCK);
    return 0;
}

void wsr_free(wsr_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->in);
    free(c->out);
    free(c->frag);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

static int queue_frame(wsr_conn *c, int opcode, const unsigned char *data, size_t len)
{
    if (reserve(&c->out, &c->out_cap, c->out_len + wsc_raw_frame_size(len, 1)) != 0)
        return -1;
    c->out_len += wsc_raw_frame_encode(c->out + c->out_len, 1, 0, opcode, wsr_mask, data, len);
    return 0;
}

int wsr_queue_text(wsr_conn *c, const char *text, size_t len)
{
    return queue_frame(c, 0x1, (const unsigned char *)text, len);
}

int wsr_flush(wsr_conn *c)
{
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (w <= 0)
            return -1;
        c->out_off += (size_t)w;
    }
    c->out_off = c->out_len = 0;
    return 0;
}

size_t wsr_pending(const wsr_conn *c)
{
    return c->out_len - c->out_off;
}

int wsr_read(wsr_conn *c)
{
    if (c->in_off) {
        memmove(c->in, c->in + c->in_off, c->in_len - c->in_off);
        c->in_len -= c->in_off;
        c->in_off = 0;
    }
    if (reserve(&c->in, &c->in_cap, c->in_len + 65536) != 0)
        return -1;
    for (;;) {
        ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (r <= 0) {
            c->closed = 1;
            return -1;
        }
        c->in_len += (size_t)r;
        return (int)r;
    }
}

int wsr_next(wsr_conn *c, const char **data, size_t *len, int *opcode)
{
    for (;;) {
        size_t avail = c->in_len - c->in_off;
        const unsigned char *h = c->in + c->in_off;
        wsc_raw_head head;
        char why[100];
        int got = wsc_raw_frame_parse_head(h, avail, &head, why, sizeof why);
        if (got < 0 || (got == 1 && head.masked))
            return -1; /* over the codec's 16 MiB, or masked: a server never masks */
        if (got == 0 || avail < head.head_len + head.len)
            return 0;
        int fin = head.fin, op = head.opcode;
        size_t hdr = head.head_len;
        uint64_t plen = head.len;
        const unsigned char *payload = h + hdr;
        c->in_off += hdr + (size_t)plen;
        switch (op) {
        case 0x9:
            if (queue_frame(c, 0xA, payload, (size_t)plen) != 0)
                return -1;
            continue;
        case 0xA:
            continue;
        case 0x8:
            c->closed = 1;
            return 0;
        case 0x1:
        case 0x2:
            if (c->frag_opcode)
                return -1;
            if (fin) {
                *data = (const char *)payload;
                *len = (size_t)plen;
                *opcode = op;
                return 1;
            }
            /* The first fragment is appended like the ones after it. */
            c->frag_opcode = op;
            c->frag_len = 0;
            /* fall through */
        case 0x0:
            if (!c->frag_opcode || reserve(&c->frag, &c->frag_cap, c->frag_len + (size_t)plen + 1) != 0)
                return -1;
            memcpy(c->frag + c->frag_len, payload, (size_t)plen);
            c->frag_len += (size_t)plen;
            if (!fin)
                continue;
            *data = (const char *)c->frag;
            *len = c->frag_len;
            *opcode = c->frag_opcode;
            c->frag_opcode = 0;
            return 1;
        default:
            return -1;
        }
    }
}

/* A minimal non-blocking WebSocket client over plain TCP for the load clients: it does
 * as little work per message as possible, so that a benchmark measures the server rather
 * than the client library. Text frames out (masked, as RFC 6455 requires of clients),
 * whole messages in (continuation frames reassembled, pings answered, close reported). */
#ifndef WSCONF_BENCH_WS_RAW_H
#define WSCONF_BENCH_WS_RAW_H

#include <stddef.h>

typedef struct {
    int fd;
    unsigned char *in;           /* bytes read, not yet parsed from in_off on */
    size_t in_len, in_off, in_cap;
    unsigned char *out;          /* framed bytes not yet written from out_off on */
    size_t out_len, out_off, out_cap;
    unsigned char *frag;         /* a fragmented message being reassembled */
    size_t frag_len, frag_cap;
    int frag_opcode;             /* 0: no fragmented message in progress */
    int closed;                  /* a Close frame arrived or the peer hung up */
} wsr_conn;

/* A blocking TCP connection to host:port (IPv4) with TCP_NODELAY and a 5 s read
 * timeout; the descriptor, or -1 with a message in err. */
int wsr_tcp_connect(const char *host, int port, char *err, size_t errlen);

/* Connects to host:port (IPv4 literal or name), performs the opening handshake for path
 * (with query), offering subprotocols when not NULL, and leaves the socket non-blocking.
 * 0 on success; -1 with a message in err. */
int wsr_open(wsr_conn *c, const char *host, int port, const char *path, const char *subprotocols,
             char *err, size_t errlen);
void wsr_free(wsr_conn *c);

/* Appends one masked text frame to the output buffer (nothing is written yet). */
int wsr_queue_text(wsr_conn *c, const char *text, size_t len);
/* Writes as much of the output buffer as the socket takes. 0 ok (maybe some left:
 * wsr_pending), -1 on a socket error. */
int wsr_flush(wsr_conn *c);
size_t wsr_pending(const wsr_conn *c);

/* Reads what the socket has. >0 bytes read, 0 nothing available, -1 hang-up or error. */
int wsr_read(wsr_conn *c);

/* The next whole message in the input buffer: 1 with data, len and opcode set (valid until
 * the next wsr_read or wsr_next call), 0 when more bytes are needed, -1 on a protocol
 * error. Pings are answered and Close frames set c->closed; neither is returned. */
int wsr_next(wsr_conn *c, const char **data, size_t *len, int *opcode);

#endif

/* A raw WebSocket connection for scenarios that must see or send what a conforming
 * client library hides: the runner's own RFC 6455 handshake (any version header, any
 * subprotocol list), frames of any opcode, flags, mask and close code in both directions,
 * the server's Pings and its answer to a Close the client started, and the end of TCP.
 *
 * It runs on its own non-blocking socket (TLS through tls_pipe.c for wss://), outside
 * the libwebsockets loop: the Lua layer pumps it while it waits, so nothing here blocks.
 * Everything that crosses the wire goes into the scenario's transcript. */
#ifndef WSC_RAW_WS_H
#define WSC_RAW_WS_H

#include <stddef.h>
#include "http_msg.h"
#include "raw_ws_frame.h"
#include "tls_pipe.h"
#include "transcript.h"
#include "ws_client.h"

/* Received bytes held (not yet taken as frames): reading stops beyond this, so a target
 * that floods cannot exhaust memory. */
#define WSC_RAW_MAX_BUFFERED ((size_t)64 * 1024 * 1024)
/* Queued outgoing bytes (the Lua layer waits for the queue to drain after each frame). */
#define WSC_RAW_MAX_QUEUED ((size_t)64 * 1024 * 1024)

typedef enum {
    WSC_RAW_CONNECTING,   /* TCP connect, TLS handshake, request sent, response awaited */
    WSC_RAW_OPEN,         /* 101 received: frames flow */
    WSC_RAW_REFUSED,      /* the server answered the upgrade with another status (complete) */
    WSC_RAW_FAILED,       /* no HTTP answer (connect/TLS/malformed) or a fatal frame error: error says why */
    WSC_RAW_DROPPED       /* the scenario dropped the TCP connection (close_tcp) */
} wsc_raw_state;

typedef struct {
    int fin, rsv, opcode, masked;
    unsigned char *payload;   /* owned, unmasked; NUL-terminated (len excludes it) */
    size_t len;
    double at;                /* seconds since the connection started */
} wsc_raw_frame;

typedef struct wsc_raw {
    int fd;                      /* -1 once closed */
    wsc_raw_state state;
    int tcp_connected;
    wsc_tls_pipe *tls;           /* owned; wss:// only */
    int tls_ready;
    int peer_eof;                /* the peer ended the TCP connection (or TLS session) */
    int eof_noted;               /* ... and the transcript says so (after the frames before it) */
    char *write_error;           /* owned; why a write to the socket failed, or NULL */
    unsigned char *out;          /* owned; plaintext queued, not yet handed to TLS or the socket */
    size_t out_len, out_pos, out_cap;
    unsigned char *net;          /* owned; bytes for the socket (ciphertext under TLS) */
    size_t net_len, net_pos, net_cap;
    unsigned char *in;           /* owned; plaintext received and not yet taken */
    size_t in_len, in_cap;
    char key[32];                /* Sec-WebSocket-Key sent */
    char accept_expected[32];    /* what Sec-WebSocket-Accept must be */
    int status;                  /* HTTP status of the answer, 0 until known */
    char *reason;                /* owned */
    wsc_http_header *headers;    /* owned; lowercased names, in arrival order */
    size_t n_headers;
    wsc_http_parser refusal;     /* the body of a refused upgrade */
    int refusal_active;
    char *error;                 /* owned; why it failed */
    char *url;                   /* owned */
    wsc_transcript *tr;          /* borrowed: the scenario's transcript, NULL once it finished */
    int no;                      /* connection number in the transcript */
    double t0;
} wsc_raw;

typedef struct {
    const char *path;            /* replaces the URL's path (may carry a query), or NULL */
    const char *headers;         /* "Name: value\r\n" lines; a name given replaces the default */
    const char *protocols;       /* Sec-WebSocket-Protocol value, or NULL */
    const char *version;         /* Sec-WebSocket-Version value; NULL: "13" */
} wsc_raw_opts;

/* Starts a connection to a ws:// or wss:// URL; client gives the TLS settings (--ca,
 * --insecure). Returns it CONNECTING, or FAILED with error set; NULL when out of memory. */
wsc_raw *wsc_raw_open(wsc_client *client, const char *url, const wsc_raw_opts *o, wsc_transcript *tr, int no);
/* Moves bytes both ways without blocking and advances the handshake. */
void wsc_raw_pump(wsc_raw *r);
/* Queues one frame exactly as given (mask NULL: unmasked) and records it. 0, or -1 when
 * the connection is not OPEN or the queue is full. */
int wsc_raw_send(wsc_raw *r, int fin, int rsv, int opcode, const unsigned char mask[4], const void *payload,
                 size_t len);
/* Queues bytes exactly as given, outside any frame (a truncated header, garbage), and
 * records them. 0, or -1 as wsc_raw_send. */
int wsc_raw_send_bytes(wsc_raw *r, const void *data, size_t len);
/* Bytes queued but not yet written to the socket. */
size_t wsc_raw_pending(const wsc_raw *r);
/* Takes the next complete frame: 1 with *f filled (free with wsc_raw_frame_free), 0 when
 * none is complete, -1 after a fatal error (state FAILED, error set). */
int wsc_raw_next_frame(wsc_raw *r, wsc_raw_frame *f);
void wsc_raw_frame_free(wsc_raw_frame *f);
/* The value of the first response header called name (lowercase), or NULL. */
const char *wsc_raw_header(const wsc_raw *r, const char *name);
/* Closes the TCP connection without a Close frame (state DROPPED unless it already
 * ended); why is recorded. */
void wsc_raw_drop(wsc_raw *r, const char *why);
/* Closes the socket and frees everything. */
void wsc_raw_free(wsc_raw *r);

/* Sec-WebSocket-Accept for a key (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)); out
 * needs 29 bytes. */
void wsc_raw_accept_for(const char *key, char out[29]);

#endif

/* The WebSocket client engine: one libwebsockets client context, many connections.
 * The lws callback is a thin adapter that turns lws events into state changes on a
 * wsc_conn (inbox, transcript, close code) and a wake-up of its owner. */
#ifndef WSC_WS_CLIENT_H
#define WSC_WS_CLIENT_H

#include <stddef.h>
#include "inbox.h"
#include "transcript.h"

/* Messages (after reassembly) over this are discarded and the connection is closed
 * with 1009, so a hostile target cannot exhaust memory. */
#define WSC_MAX_MESSAGE (16u * 1024u * 1024u)
/* Untaken frames held per connection, in bytes. */
#define WSC_MAX_INBOX (64u * 1024u * 1024u)

typedef struct wsc_client wsc_client;

typedef enum {
    WSC_CONN_CONNECTING,
    WSC_CONN_OPEN,
    WSC_CONN_CLOSED,     /* was open; close_code says how it ended */
    WSC_CONN_FAILED      /* never opened; error (and http_status) say why */
} wsc_conn_state;

typedef struct wsc_out_msg {
    struct wsc_out_msg *next;
    int wflags;          /* lws_write_protocol: opcode and LWS_WRITE_NO_FIN */
    size_t len;
    unsigned char *buf;  /* owned; LWS_PRE bytes of headroom, then the payload */
} wsc_out_msg;

typedef struct wsc_conn {
    struct lws *wsi;            /* NULL once libwebsockets dropped it */
    wsc_client *client;
    int no;                     /* connection number within its scenario, for transcripts */
    char *url;                  /* owned */
    wsc_conn_state state;
    double t0;                  /* monotonic time the connect started */
    wsc_inbox inbox;
    wsc_transcript *tr;         /* borrowed: the owning scenario's transcript */
    wsc_out_msg *out_head, *out_tail;   /* owned queue, written only from WRITEABLE */
    int close_requested, close_code_out;
    char close_reason_out[124];
    int close_code;             /* received: status, 1005 without status, 1006 no Close */
    char *close_reason;         /* owned; received reason, may be NULL */
    int got_close_frame;
    int http_status;            /* status of a refused upgrade, 0 when unknown */
    char *error;                /* owned; why it failed or was cut, may be NULL */
    char *subprotocol;          /* owned; chosen by the server, may be NULL */
    char *rx;                   /* owned; reassembly buffer */
    size_t rx_len, rx_cap;
    int rx_binary, rx_dropping, rx_active;
    unsigned rx_frames;         /* WebSocket frames of the message being reassembled */
    char *extra_headers;        /* owned; "Name: value\r\n..." appended to the handshake */
    void (*wake)(void *owner);  /* called on every change the owner may wait for */
    void *owner;
    struct wsc_conn *next_all;  /* client's list of every connection (freed with it) */
} wsc_conn;

typedef struct {
    const char *path;           /* replaces the URL's path (may carry a query), or NULL */
    const char *subprotocols;   /* comma list, or NULL */
    const char *headers;        /* "Name: value\r\n..." extra handshake lines, or NULL */
} wsc_connect_opts;

/* ca: CA file for wss:// (NULL: system default); insecure: accept any certificate. */
wsc_client *wsc_client_new(const char *ca, int insecure, int verbose, char *err, size_t errlen);
/* Starts a connection. Returns it (owned by the client, freed by wsc_client_free; the
 * caller may hold it until then) in CONNECTING, or already FAILED with error set. */
wsc_conn *wsc_client_connect(wsc_client *c, const char *url, const wsc_connect_opts *o,
                             wsc_transcript *tr, int no, void (*wake)(void *), void *owner);
/* Queues one message; 0 on success, -1 when the connection is not open. */
int wsc_conn_send(wsc_conn *conn, int binary, const char *data, size_t len);
/* Queues one message split into n frames (parts[i] of lens[i] bytes each; n >= 1). */
int wsc_conn_send_fragments(wsc_conn *conn, int binary, const char *const *parts, const size_t *lens, size_t n);
/* Queues a Ping with payload (at most 125 bytes); 0, or -1 (not open, or too long). */
int wsc_conn_ping(wsc_conn *conn, const char *data, size_t len);
/* Sends a Close frame with code and reason (after queued messages). */
void wsc_conn_close(wsc_conn *conn, int code, const char *reason);
/* Drops the connection at once, without a closing handshake (deadline passed). */
void wsc_conn_abort(wsc_conn *conn, const char *why);
/* Forgets the owner: no more wake-ups (the scenario finished). Closes it if open. */
void wsc_conn_detach(wsc_conn *conn);
/* Services network events, waiting at most max_wait seconds. */
void wsc_client_service(wsc_client *c, double max_wait);
/* Closes everything and frees every connection. */
void wsc_client_free(wsc_client *c);

/* For http_client.c, which shares the client's context and loop. */
#define WSC_HTTP_PROTOCOL "wsconf-http"
struct wsc_http;
struct lws_context *wsc_client_context(wsc_client *c);
int wsc_client_insecure(const wsc_client *c);
const char *wsc_client_ca(const wsc_client *c);
/* Where http_client.c keeps its TLS context (an SSL_CTX *, NULL until first used). */
void **wsc_client_http_tls(wsc_client *c);
/* The client owns h from now on and frees it with wsc_client_free. */
void wsc_client_add_http(wsc_client *c, struct wsc_http *h);

/* Monotonic clock in seconds. */
double wsc_now(void);

#endif

/* The interface between the server core and one API module ("dialect").
 *
 * The core owns sockets, vhosts, reassembly, size limits, outgoing queues and timers; a
 * dialect sees only complete messages and the services declared below, so it can be
 * unit-tested against a fake core without a socket. Adding an API means one module that
 * fills a wsrv_dialect and one line in dialects.c. */
#ifndef WSRV_DIALECT_H
#define WSRV_DIALECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "faults.h"

typedef struct wsrv_conn wsrv_conn;     /* one client connection (owned by the core) */
typedef struct wsrv_server wsrv_server; /* the running server (owned by main) */

/* --- HTTP and the opening handshake --- */

/* A request as the client sent it: a plain HTTP request on the vhost, or the opening
 * handshake of a WebSocket. Valid only during the callback that receives it. */
typedef struct wsrv_request {
    const char *method;   /* "GET", "POST", ... */
    const char *path;     /* URI path without the query, not percent-decoded: "/api/v1/socket" */
    const char *query;    /* raw query without '?'; "" when none */
    const char *body;     /* HTTP: the whole body (not NUL-terminated); upgrade: NULL */
    size_t body_len;
    /* A header by case-insensitive name ("cookie", "x-auth-token", "sec-websocket-protocol");
     * NULL when absent. */
    const char *(*header)(const struct wsrv_request *req, const char *name);
    void *impl;           /* the core's (or a test's) data for header() */
} wsrv_request;

/* A dialect's answer to an HTTP request. The core frees body and headers after writing. */
typedef struct wsrv_response {
    int status;                /* 200, 404, ...; the core sets 404 before the call */
    const char *content_type;  /* static string ("application/json", "text/plain"); NULL: none */
    char *body;                /* malloc'd, or NULL for an empty body */
    size_t body_len;
    char *headers;             /* malloc'd extra header lines "Name: value\r\n..." (Set-Cookie), or NULL */
} wsrv_response;

/* URL-decoded value of the first query parameter called name, copied into out; returns out,
 * or NULL when absent or longer than outlen - 1. A parameter without '=' has the value "". */
const char *wsrv_query_param(const char *query, const char *name, char *out, size_t outlen);
/* During upgrade() only: answer the handshake with "Sec-WebSocket-Protocol: name" (copied,
 * 1 to 63 bytes), normally one of the names the client offered. Meant for vhosts whose
 * opts.subprotocols is NULL (with a list, lws answers the listed name it selected). Sent only
 * when the client offered a list (RFC 6455 4.2.2). Offers lws cannot parse (an entry that is
 * a number such as "6.1", or contains '=') are refused with 400 before upgrade() runs.
 * Returns false (nothing selected) for an empty, too long or multi-line name, or outside
 * upgrade(). */
bool wsrv_request_select_subprotocol(const wsrv_request *req, const char *name);
/* Value of cookie name in a Cookie header (may be NULL), copied into out; returns out, or
 * NULL when absent or too long. */
const char *wsrv_cookie(const char *cookie_header, const char *name, char *out, size_t outlen);

/* What a dialect asks of its vhost; filled by create() from defaults set by the core. */
typedef struct wsrv_vhost_opts {
    bool tls;                        /* serve wss:// with the server's certificate (--tls-cert/--tls-key,
                                        else one the core generates at start) */
    int oversize_close_code;         /* close code for messages over the limit (1009) */
    size_t max_message_size;         /* 0: the server's --max-message-size */
    /* Names accepted in Sec-WebSocket-Protocol, NULL-terminated. NULL: the vhost accepts
     * any offer and selects none (the dialect's upgrade() sees the offer). */
    const char *const *subprotocols;
} wsrv_vhost_opts;

/* Everything a dialect gets when it is created. */
typedef struct wsrv_dialect_env {
    wsrv_server *server;             /* for timers; may be NULL in unit tests */
    uint64_t seed;                   /* seeds every generated value */
    const mock_fault_set *faults;    /* active faults (all APIs) */
    const cJSON *config;             /* this dialect's key of --config, or NULL: embedded default */
    size_t max_message_size;
    /* --profile API=NAME: the variant of the API to serve, or NULL for its default. create()
     * rejects names it does not know (an error there exits 2). */
    const char *profile;
} wsrv_dialect_env;

/* peer_close's answer: the client's own Close payload, code and reason. */
#define WSRV_CLOSE_ECHO (-1)

typedef struct wsrv_dialect {
    const char *name;                /* "labgraph": --dialect, --port, config key, ready line */
    int default_port;
    size_t session_size;             /* bytes of per-connection state, zeroed before open */
    /* Builds the dialect's state (*state, owned by the dialect until destroy). Returns 0,
     * or -1 with a message in err (e.g. a config error). */
    int (*create)(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen);
    void (*destroy)(void *state);
    void (*open)(void *state, wsrv_conn *conn, void *session);
    /* One complete (reassembled) message; data is not NUL-terminated. */
    void (*message)(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary);
    /* The connection's outgoing queue has drained below its low mark: paused producers may resume. */
    void (*writable)(void *state, wsrv_conn *conn, void *session);
    /* The connection is gone; release the session (its memory is freed by the core). */
    void (*close)(void *state, wsrv_conn *conn, void *session);

    /* The optional members below may be NULL. */

    /* A plain HTTP request (not an upgrade) with its whole body; fill *res.
     * NULL: every HTTP request is answered 404. */
    void (*http)(void *state, const wsrv_request *req, wsrv_response *res);
    /* Before a WebSocket upgrade completes. Return 0 to accept, or an HTTP status (401, 404,
     * ...) to refuse it with a plain response and no upgrade. session is the connection's
     * zeroed session memory: what the request says (path, token, query) can be kept there
     * for open(). NULL: every upgrade is accepted. Keep only plain data in session: if the
     * handshake fails after upgrade() accepted it, the core frees the memory and neither
     * open() nor close() runs. */
    int (*upgrade)(void *state, const wsrv_request *req, void *session);
    /* The client sent a Close frame with code (1005 when it carried none) and reason.
     * Return the code to answer with; 0 answers with a Close frame without status;
     * WSRV_CLOSE_ECHO answers with the client's own payload (code and reason).
     * NULL: the client's code is echoed (RFC 6455 section 5.5.1). */
    int (*peer_close)(void *state, wsrv_conn *conn, void *session, int code, const char *reason, size_t reason_len);
    /* A Pong frame arrived (the core answers Pings itself). */
    void (*pong)(void *state, wsrv_conn *conn, void *session, const char *data, size_t len);
} wsrv_dialect;

/* --- services the core offers to dialects --- */

/* Queues a message (copied) for the connection, in FIFO order. Returns false when the
 * connection is closing or out of memory (the message is dropped). */
bool wsrv_conn_send(wsrv_conn *conn, const char *data, size_t len, bool binary);
/* Queues one message sent as n frames: parts[0] with the text/binary opcode, the others as
 * continuation frames, the last with FIN. Returns false as wsrv_conn_send does. */
bool wsrv_conn_send_fragments(wsrv_conn *conn, const char *const *parts, const size_t *lens, size_t n, bool binary);
/* Queues a Ping frame (payload at most 125 bytes; longer is refused with false). */
bool wsrv_conn_ping(wsrv_conn *conn, const void *payload, size_t len);
/* Queues an unsolicited Pong frame (RFC 6455 5.5.3 allows one as a heartbeat); at most
 * 125 bytes. Pings from the client are answered by the core itself. */
bool wsrv_conn_pong(wsrv_conn *conn, const void *payload, size_t len);
/* Closes the connection with code once the messages queued so far are written; later
 * sends are dropped. code 0 sends a Close frame without a status code. */
void wsrv_conn_close(wsrv_conn *conn, int code);
/* The reason text (at most 123 bytes; longer is cut) that goes with the code peer_close()
 * returns, for a dialect whose real system explains its answer to a client's Close. */
void wsrv_conn_set_close_reason(wsrv_conn *conn, const char *reason);
/* Messages and bytes waiting in the connection's outgoing queue. */
size_t wsrv_conn_queued_messages(const wsrv_conn *conn);
size_t wsrv_conn_queued_bytes(const wsrv_conn *conn);

/* A one-shot timer; embed it in the dialect's state and zero it before first use. */
typedef struct wsrv_timer wsrv_timer;
typedef void (*wsrv_timer_fn)(wsrv_timer *timer);
struct wsrv_timer {
    uint64_t impl[8];                /* the core's scheduler entry */
    wsrv_timer_fn fn;
    wsrv_server *server;
};
/* (Re)arms the timer to call fn after delay_us; a pending run is replaced. */
void wsrv_timer_start(wsrv_server *server, wsrv_timer *timer, uint64_t delay_us, wsrv_timer_fn fn);
/* Disarms the timer; harmless when it is not armed. */
void wsrv_timer_stop(wsrv_timer *timer);

/* Monotonic microseconds, for pacing. */
uint64_t wsrv_now_us(void);
/* Wall clock, Unix epoch seconds. */
double wsrv_wall_time_s(void);

#endif

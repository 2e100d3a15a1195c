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

/* An HTTP route a dialect may serve on its vhost (REST, login pages); no dialect uses
 * one yet, the core will mount them when one does. */
typedef struct wsrv_http_route {
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* exact path */
} wsrv_http_route;

/* What a dialect asks of its vhost; filled by create() from defaults set by the core. */
typedef struct wsrv_vhost_opts {
    bool tls;                        /* serve wss:// (not implemented by the core yet) */
    const wsrv_http_route *routes;   /* NULL-path-terminated, or NULL */
    int oversize_close_code;         /* close code for messages over the limit (1009) */
} wsrv_vhost_opts;

/* Everything a dialect gets when it is created. */
typedef struct wsrv_dialect_env {
    wsrv_server *server;             /* for timers; may be NULL in unit tests */
    uint64_t seed;                   /* seeds every generated value */
    const mock_fault_set *faults;    /* active faults (all APIs) */
    const cJSON *config;             /* this dialect's key of --config, or NULL: embedded default */
    size_t max_message_size;
} wsrv_dialect_env;

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
} wsrv_dialect;

/* --- services the core offers to dialects --- */

/* Queues a message (copied) for the connection, in FIFO order. Returns false when the
 * connection is closing or out of memory (the message is dropped). */
bool wsrv_conn_send(wsrv_conn *conn, const char *data, size_t len, bool binary);
/* Closes the connection with code once the messages queued so far are written; later
 * sends are dropped. */
void wsrv_conn_close(wsrv_conn *conn, int code);
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

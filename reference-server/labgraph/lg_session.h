/* LabGraph sessions and their streams: request handling, batch production, pacing,
 * routes between sessions, and the faults that bend them. Talks to the network only
 * through the core services in dialect.h. */
#ifndef LG_SESSION_H
#define LG_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dialect.h"
#include "labgraph/lg_config.h"
#include "labgraph/lg_faults.h"

/* Pause producing for a session whose outgoing queue holds more than this. */
#define LG_BACKLOG_MESSAGES 256
#define LG_BACKLOG_BYTES (4u << 20)
/* Routed batches for a session with more than this queued are dropped. */
#define LG_ROUTE_DROP_BYTES (4 * LG_BACKLOG_BYTES)
/* Streams with rate_hz 0 keep this many messages queued. */
#define LG_FAST_FILL 32

typedef struct lg_session lg_session;

typedef struct lg_stream {
    struct lg_stream *next;
    lg_session *session;
    char *stream_id;                 /* owned: the client's id */
    const mock_lg_stream *cfg;
    cJSON *start_request_id;         /* owned copy of the StartStreamRequest's request_id */
    uint64_t counter;                /* batches numbered so far */
    uint64_t anchor_us, emitted;     /* pacing (lg_pace.h) */
    bool paused;                     /* waiting for the outgoing queue to drain */
    wsrv_timer timer;
} lg_stream;

/* The module's state for one vhost. */
typedef struct lg_state {
    mock_lg_config cfg;              /* owned */
    uint64_t seed;
    bool fault[MOCK_LG_FAULT_COUNT];
    wsrv_server *server;
    lg_session *sessions;            /* open sessions (list through lg_session.next) */
    uint64_t next_session_id;
    uint64_t *input_holder;          /* owned, per config stream: id of the holding session, 0 none */
    uint64_t *kept_counter;          /* owned, per config stream: counters kept by close-keeps-streams */
} lg_state;

/* Per-connection state (zeroed by the core). */
struct lg_session {
    lg_state *st;
    wsrv_conn *conn;
    uint64_t id;
    lg_stream *streams;              /* owned list */
    uint64_t shared_counter;         /* shared-batch-counter fault */
    lg_session *prev, *next;
};

/* Builds the state around an already loaded config (ownership moves in). Returns 0 or -1. */
int lg_state_init(lg_state *st, mock_lg_config *cfg, uint64_t seed, const mock_fault_set *faults,
                  wsrv_server *server);
void lg_state_free(lg_state *st);

void lg_session_open(lg_state *st, lg_session *s, wsrv_conn *conn);
void lg_session_message(lg_session *s, const char *data, size_t len, bool binary);
void lg_session_writable(lg_session *s);
void lg_session_close(lg_session *s);

/* One pacing step of a stream (what its timer does); exposed for tests. */
void lg_stream_tick(lg_stream *stream);
lg_stream *lg_session_find_stream(const lg_session *s, const char *stream_id);

#endif

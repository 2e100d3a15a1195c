/* State shared by the HIRO dialect's files: the server-wide graph store and event
 * stream, the configuration, and one session per connection. */
#ifndef WSRV_HIRO_INTERNAL_H
#define WSRV_HIRO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dialect.h"
#include "hiro/hiro_events_msg.h"
#include "hiro/hiro_faults.h"
#include "hiro/hiro_graph_exec.h"
#include "hiro/hiro_graph_msg.h"
#include "hiro/hiro_store.h"
#include "hiro/hiro_stream.h"
#include "hiro/hiro_subprotocol.h"
#include "hiro/hiro_token.h"

#define HIRO_DEFAULT_PORT 8443          /* protocols/hiro.md documents none; the usual wss:// alternative */
#define HIRO_DEFAULT_TOKEN_KEY "wsconf-hiro-token-key"
#define HIRO_DEFAULT_BLOB_CHUNK 49152   /* raw bytes per getcontent chunk (64 KiB of base64) */
#define HIRO_MIN_MESSAGE_SIZE (16u << 20) /* bytes per message / HTTP body, at least */
#define HIRO_PUMP_QUEUE 8               /* list envelopes queued per connection at a time */

typedef struct {
    bool tls;             /* wss:// (default) */
    bool lenient;         /* subprotocol choice: first non-token entry instead of the document's name */
    bool legacy_aliases;  /* /_events/ and /_g/ */
    char token_key[256];  /* HMAC key of the tokens the server accepts */
    size_t blob_chunk;
    int64_t token_lifetime_s; /* tokens issued over HTTP */
} hiro_config;

typedef struct {
    hiro_config cfg;
    bool fault[MOCK_HIRO_FAULT_COUNT];
    wsrv_server *server;
    hiro_store *store;
    hiro_stream *stream;
    bool wedged; /* set only by the bad-close-wedges fault */
} hiro_state;

/* A multi-part answer in flight on a graph connection. */
typedef struct hiro_pending {
    hiro_graph_answer *answer;
    size_t sent;          /* envelopes pulled so far */
    bool blob;
    char *held;           /* fragments-reordered fault: the first envelope, sent after the second */
    struct hiro_pending *next;
} hiro_pending;

typedef struct hiro_session {
    /* from the handshake (upgrade) */
    hiro_endpoint ep;
    bool has_token;
    char token[HIRO_TOKEN_MAX_LEN + 1];
    char group_id[256];
    hiro_offset offset;
    bool delta, allscopes;
    /* after open */
    hiro_state *st;
    wsrv_conn *conn;
    bool authed;
    hiro_token_claims claims;
    wsrv_timer expiry;
    hiro_conn *sconn;       /* event stream membership */
    bool subscribed;        /* a subscribe has been seen (for a fault) */
    hiro_pending *pending;  /* graph answers still being sent, round robin */
    hiro_pending *pending_tail;
    bool peer_closed;       /* the client sent a Close frame (not just ended TCP) */
    unsigned pongs;         /* Pong frames received (the server never pings) */
    bool deaf;              /* set only by the duplicate-pong-deafens fault */
} hiro_session;

/* Configuration: defaults, or the dialect's key of --config. 0, or -1 with err. */
int hiro_config_load(const cJSON *json, hiro_config *cfg, char *err, size_t errlen);
/* --profile hiro=strict|lenient: the subprotocol mode (lenient_subprotocols false/true);
 * NULL keeps the configuration's. -1 with err for another name, or one contradicting an
 * explicit lenient_subprotocols in json. */
int hiro_apply_profile(const char *profile, const cJSON *json, hiro_config *cfg, char *err, size_t errlen);

/* Tokens: checks text against the configured key now; fills claims when valid. */
hiro_token_status hiro_check_token(const hiro_state *st, const char *text, hiro_token_claims *claims);
/* The error frame {"error":{"code","message"}} (without code under error-without-code). */
void hiro_send_error(hiro_session *s, int code, const char *message);
/* Verifies the handshake token: on failure a 401 frame and a close; on success the
 * expiry timer is armed. true when the connection may go on. */
bool hiro_auth_open(hiro_session *s);
/* Replaces the connection's token (the event stream's token message). */
void hiro_auth_replace(hiro_session *s, const char *token);
void hiro_auth_close(hiro_session *s);

/* Publishes an event of the store (takes it) to every event stream connection. */
void hiro_publish(hiro_state *st, hiro_event *ev);

/* The event stream endpoint. */
void hiro_events_open(hiro_session *s);
void hiro_events_message(hiro_session *s, const char *data, size_t len);
void hiro_events_close(hiro_session *s);

/* The graph API endpoint. */
void hiro_graph_message(hiro_session *s, const char *data, size_t len);
void hiro_graph_pump(hiro_session *s);
void hiro_graph_close(hiro_session *s);
/* The self-test's graph faults: on the request before it is carried out, on its result after. */
void hiro_graph_fault_request(const hiro_state *st, hiro_graph_req *req);
void hiro_graph_fault_result(const hiro_state *st, const hiro_graph_req *req, hiro_graph_result *r);

/* Plain HTTP: blob content upload (the real system writes blobs only over REST). */
void hiro_http(void *state, const wsrv_request *req, wsrv_response *res);

#endif

/* Core state shared by server.c, lws_adapter.c, http_serve.c, upgrade.c, conn.c and timer.c
 * (not for dialects). */
#ifndef WSRV_SERVER_INTERNAL_H
#define WSRV_SERVER_INTERNAL_H

#include <libwebsockets.h>

#include "dialect.h"
#include "session_outbox.h"

#define WSRV_MAX_VHOSTS 16
/* Subprotocol names one vhost may register (wsrv_vhost_opts.subprotocols). */
#define WSRV_MAX_SUBPROTOCOLS 16
/* A dialect's writable() runs once the queue is at or below this many messages. */
#define WSRV_OUTBOX_LOW_MARK 16
/* wsrv_conn.close_code for "Close frame without a status code". */
#define WSRV_CLOSE_WITHOUT_STATUS (-1)
/* lws_write() opcode of a Close frame: lws keeps it out of its public enum (lws_close_reason
 * always writes a status code), but its ws writer maps it to the Close opcode. */
#define WSRV_LWS_WRITE_CLOSE 4

typedef struct wsrv_http_exchange wsrv_http_exchange;

typedef struct wsrv_vhost {
    const wsrv_dialect *dialect;
    size_t index;                     /* in the served dialect list (--port, --profile) */
    void *state;                      /* the dialect's, released by dialect->destroy */
    wsrv_vhost_opts opts;
    size_t max_message_size;          /* opts' value, or the server's */
    /* [0] the default protocol: plain HTTP, upgrades without an offer and offers matching
     * no subprotocol; then one per subprotocol name; then a zeroed terminator. */
    struct lws_protocols protocols[WSRV_MAX_SUBPROTOCOLS + 2];
    /* protocols[0].name. Normally "", which no offered token equals, so lws answers no
     * Sec-WebSocket-Protocol. While an offer that matches no subprotocol is being upgraded
     * it holds the offer's first token, so that lws (which refuses unmatched offers) binds
     * the default protocol; it is emptied again before lws writes the 101 answer. */
    char default_name[64];
    /* The name upgrade() selected with wsrv_request_select_subprotocol, between the upgrade
     * check and the moment lws writes the 101 (protocols[0] then carries it). */
    char answer_name[64];
    struct lws_vhost *lws_vhost;
    wsrv_server *server;
    int port;                         /* bound port */
} wsrv_vhost;

/* Lives in lws' per-session storage (zeroed by lws). */
struct wsrv_conn {
    struct lws *wsi;
    char close_reason[124];           /* with peer_close()'s code; RFC 6455 5.5: 125-byte payload */
    wsrv_vhost *vhost;
    void *session;                    /* dialect session, calloc'd by the core */
    wsrv_outbox outbox;
    unsigned char *rx;                /* reassembly buffer (owned), at most max_message_size */
    size_t rx_len, rx_cap;
    bool rx_binary;
    bool open;                        /* ESTABLISHED seen, CLOSED not yet */
    bool peer_closed;                 /* the client's Close arrived: nothing more is sent */
    bool close_sent;                  /* our Close without status is out: awaiting the client's */
    int close_code;                   /* nonzero: close after the queue drains (WSRV_CLOSE_WITHOUT_STATUS: no code) */
    wsrv_conn *prev, *next;           /* server's list of open connections */
    wsrv_http_exchange *http;         /* a plain HTTP request being served (HTTP connections only) */
};

struct wsrv_server {
    struct lws_context *context;
    wsrv_vhost vhosts[WSRV_MAX_VHOSTS];
    size_t nvhosts;
    wsrv_conn *conns;
    size_t nconns;
    size_t max_message_size;
};

/* The protocol callback every vhost uses (lws_adapter.c). */
int wsrv_lws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len);

/* Plain HTTP (http_serve.c): LWS_CALLBACK_HTTP, _BODY, _BODY_COMPLETION, _WRITEABLE, and
 * release of the exchange when the connection closes or changes protocol. */
int wsrv_http_begin(struct lws *wsi, wsrv_vhost *vh, wsrv_conn *c);
int wsrv_http_body(wsrv_conn *c, const void *in, size_t len);
int wsrv_http_complete(struct lws *wsi, wsrv_conn *c);
int wsrv_http_writeable(struct lws *wsi, wsrv_conn *c);
void wsrv_http_release(wsrv_conn *c);
/* Writes a whole short plain-text HTTP/1.1 response at once (refusals); returns 0 or -1. */
int wsrv_http_write_plain(struct lws *wsi, int status, const char *text);
/* The reason phrase of a status ("Not Found"). */
const char *wsrv_http_reason(int status);

/* The opening handshake (upgrade.c). */
int wsrv_upgrade_confirm(struct lws *wsi, wsrv_vhost *vh, const char *upgrade_to);
void wsrv_upgrade_filter(wsrv_vhost *vh);
void wsrv_upgrade_established(wsrv_vhost *vh);
/* The session upgrade() filled, handed over to the connection (NULL when there is none). */
void *wsrv_upgrade_take_session(struct lws *wsi);
/* Frees the session of a handshake that never completed. */
void wsrv_upgrade_discard(struct lws *wsi);

#endif

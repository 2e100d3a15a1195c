/* Core state shared by server.c, lws_adapter.c, conn.c and timer.c (not for dialects). */
#ifndef WSRV_SERVER_INTERNAL_H
#define WSRV_SERVER_INTERNAL_H

#include <libwebsockets.h>

#include "dialect.h"
#include "session_outbox.h"

#define WSRV_MAX_VHOSTS 16
/* A dialect's writable() runs once the queue is at or below this many messages. */
#define WSRV_OUTBOX_LOW_MARK 16

typedef struct wsrv_vhost {
    const wsrv_dialect *dialect;
    void *state;                      /* the dialect's, released by dialect->destroy */
    wsrv_vhost_opts opts;
    struct lws_protocols protocols[2];
    struct lws_vhost *lws_vhost;
    wsrv_server *server;
    int port;                         /* bound port */
} wsrv_vhost;

/* Lives in lws' per-session storage (zeroed by lws). */
struct wsrv_conn {
    struct lws *wsi;
    wsrv_vhost *vhost;
    void *session;                    /* dialect session, calloc'd by the core */
    wsrv_outbox outbox;
    unsigned char *rx;                /* reassembly buffer (owned), at most max_message_size */
    size_t rx_len, rx_cap;
    bool rx_binary;
    bool open;                        /* ESTABLISHED seen, CLOSED not yet */
    int close_code;                   /* nonzero: close after the queue drains */
    wsrv_conn *prev, *next;           /* server's list of open connections */
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

#endif

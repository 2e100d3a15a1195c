/* The Kinode node behind the vhost: its processes, their WebSocket bindings, the open
 * channels, and both ways a client reaches a process — the register flow of the
 * document (upgrade to "/", first frame WsRegister) and the path-bound flow of every
 * real release since v0.4.0-alpha (upgrade to "/<process-id>[/binding]" with the auth
 * cookie). The dialect glue (kn_dialect.c) only forwards core callbacks here. */
#ifndef KN_NODE_H
#define KN_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dialect.h"
#include "kinode/kn_faults.h"
#include "kinode/kn_process.h"
#include "kinode/kn_config.h"
#include "kinode/kn_jwt.h"

#define KN_MAX_PROCESSES 8

typedef enum kn_flow {
    KN_FLOW_NONE,      /* zeroed session: upgrade() not run */
    KN_FLOW_PATH,      /* path-bound channel */
    KN_FLOW_REG_WAIT,  /* register flow: waiting for WsRegister */
    KN_FLOW_REG_OPEN,  /* register flow: registered */
} kn_flow;

typedef struct kn_node kn_node;

/* Per connection (core-owned, zeroed). The timer comes first so that a timer callback
 * can find its session. */
typedef struct kn_session {
    wsrv_timer reg_timer;  /* fault reg-timeout only */
    kn_node *node;
    wsrv_conn *conn;
    kn_flow flow;
    int process;           /* index into kn_process_classes, -1: none */
    char path[128];        /* binding path relative to the process ("/", "/public") */
    uint32_t channel_id;
    bool has_channel;
    bool closing;          /* a close was requested: no more pushes */
    bool listed;           /* counted in node->sessions */
    kn_action held;        /* fault push-reorder: a push waiting for the next one */
    bool has_held;
} kn_session;

struct kn_node {
    kn_config cfg;
    bool fault[MOCK_KN_FAULT_COUNT];
    uint64_t seed;
    uint64_t id_draws;
    bool have_first_id;
    uint32_t first_id;
    wsrv_server *server;
    void *procs[KN_MAX_PROCESSES]; /* one instance per kn_process_classes entry */
    kn_session **sessions;         /* open WebSockets, oldest first */
    size_t nsessions, cap;
};

/* Takes ownership of cfg. Returns 0, or -1 (out of memory; cfg freed). */
int kn_node_init(kn_node *n, kn_config *cfg, uint64_t seed, const mock_fault_set *faults, wsrv_server *server);
void kn_node_free(kn_node *n);

/* Before the upgrade: 0 to accept (the session remembers the route), or the HTTP status
 * of the refusal. path has no query; cookie_header and host (the Host header, which a
 * secure binding checks) may be NULL. */
int kn_node_upgrade(kn_node *n, const char *path, const char *cookie_header, const char *host, kn_session *s);
void kn_node_open(kn_node *n, kn_session *s, wsrv_conn *conn);
void kn_node_message(kn_node *n, kn_session *s, const char *data, size_t len, bool binary);
/* The client's Close; returns the code to answer with (0: Close without status). */
int kn_node_peer_close(kn_node *n, kn_session *s, int code, const char *reason, size_t reason_len);
void kn_node_pong(kn_node *n, kn_session *s, const char *data, size_t len);
void kn_node_close(kn_node *n, kn_session *s);

/* Before the upgrade: 0 when Sec-WebSocket-Version (NULL: absent) lets it go ahead, else
 * the HTTP status of the refusal (404: Kinode's router sees an ordinary request). */
int kn_node_version_refusal(const kn_node *n, const char *version);
/* True when Kinode's WebSocket library (tungstenite) lets a peer send this close code. */
bool kn_close_code_allowed(int code);

/* The token check of the path-bound flow (signature, node, no subdomain, expiry). */
kn_jwt_status kn_node_check_cookie(const kn_node *n, const char *cookie_header);
/* The check of a secure subdomain binding of process: Host starts with its subdomain, and
 * the cookie kinode-auth_<node>@<process> holds a node token whose subdomain is process. */
bool kn_node_secure_ok(const kn_node *n, const char *process, const char *cookie_header, const char *host);

#endif

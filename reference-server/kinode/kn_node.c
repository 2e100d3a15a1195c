#include "kn_node.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kinode/kn_auth.h"
#include "kinode/kn_jwt.h"
#include "kinode/kn_register.h"
#include "kinode/kn_utf8.h"
#include "rng.h"

/* Fault reg-timeout: how long an unregistered connection on "/" may wait. */
#define KN_REG_FAULT_TIMEOUT_US 1000000
/* Control frame payload limit (RFC 6455 section 5.5). */
#define KN_CONTROL_MAX 125

int kn_node_init(kn_node *n, kn_config *cfg, uint64_t seed, const mock_fault_set *faults, wsrv_server *server)
{
    memset(n, 0, sizeof *n);
    n->cfg = *cfg;
    memset(cfg, 0, sizeof *cfg);
    n->seed = seed;
    n->server = server;
    mock_kn_fault_flags(faults, n->fault);
    for (size_t i = 0; i < kn_process_class_count && i < KN_MAX_PROCESSES; i++) {
        n->procs[i] = kn_process_classes[i]->create(n->cfg.node, n->fault);
        if (!n->procs[i]) {
            kn_node_free(n);
            return -1;
        }
    }
    return 0;
}

void kn_node_free(kn_node *n)
{
    for (size_t i = 0; i < kn_process_class_count && i < KN_MAX_PROCESSES; i++)
        if (n->procs[i])
            kn_process_classes[i]->destroy(n->procs[i]);
    free(n->sessions);
    kn_config_free(&n->cfg);
    memset(n, 0, sizeof *n);
}

bool kn_close_code_allowed(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013) || (code >= 3000 && code <= 4999);
}

/* --- channels --- */

static kn_session *kn_find_channel(kn_node *n, uint32_t id)
{
    /* Oldest first, so with the channel-id-reused fault the first holder wins. */
    for (size_t i = 0; i < n->nsessions; i++)
        if (n->sessions[i]->has_channel && n->sessions[i]->channel_id == id)
            return n->sessions[i];
    return NULL;
}

/* A random u32 from the seeded generator, unique among open channels (the real server
 * draws rand::random::<u32>() and relies on luck; a repeat here would only make runs
 * differ, so it is drawn again). */
static uint32_t kn_new_channel_id(kn_node *n)
{
    if (n->fault[MOCK_KN_CHANNEL_ID_REUSED] && n->have_first_id)
        return n->first_id;
    uint32_t id;
    do
        id = (uint32_t)(mock_splitmix64(n->seed ^ 0x6b696e6f64650000ULL ^ n->id_draws++) >> 32);
    while (kn_find_channel(n, id));
    if (!n->have_first_id) {
        n->have_first_id = true;
        n->first_id = id;
    }
    return id;
}

static bool kn_list_session(kn_node *n, kn_session *s)
{
    if (n->nsessions == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 16;
        kn_session **v = realloc(n->sessions, cap * sizeof *v);
        if (!v)
            return false;
        n->sessions = v;
        n->cap = cap;
    }
    n->sessions[n->nsessions++] = s;
    s->listed = true;
    return true;
}

static void kn_unlist_session(kn_node *n, kn_session *s)
{
    for (size_t i = 0; i < n->nsessions; i++)
        if (n->sessions[i] == s) {
            memmove(&n->sessions[i], &n->sessions[i + 1], (n->nsessions - i - 1) * sizeof *n->sessions);
            n->nsessions--;
            break;
        }
    s->listed = false;
}

static void kn_close_session(kn_node *n, kn_session *s, int code)
{
    (void)n;
    if (s->closing)
        return;
    s->closing = true;
    wsrv_conn_close(s->conn, code);
}

/* --- carrying out what a process asks --- */

static void kn_refuse_action(kn_node *n, int proc, uint32_t origin, const char *error)
{
    const kn_process_class *k = kn_process_classes[proc];
    if (k->on_error)
        k->on_error(n->procs[proc], origin, error);
}

static void kn_send_data(kn_node *n, kn_session *t, const kn_action *a)
{
    if (a->type == KN_WS_BINARY) {
        wsrv_conn_send(t->conn, a->blob, a->len, true);
        return;
    }
    /* Text: String::from_utf8_lossy of the blob. */
    size_t len;
    char *text = n->fault[MOCK_KN_LOSSY_DROPS_INVALID] ? kn_utf8_drop_invalid(a->blob, a->len, &len)
                                                       : kn_utf8_lossy(a->blob, a->len, &len);
    if (text)
        wsrv_conn_send(t->conn, text, len, n->fault[MOCK_KN_TEXT_PUSHED_AS_BINARY]);
    free(text);
}

static void kn_push_data(kn_node *n, kn_session *t, kn_action *a)
{
    if (!n->fault[MOCK_KN_PUSH_REORDER]) {
        kn_send_data(n, t, a);
        return;
    }
    if (!t->has_held) {
        /* keep it (the action's blob changes owner) until the next push */
        t->held = *a;
        a->blob = NULL;
        t->has_held = true;
        return;
    }
    kn_send_data(n, t, a);
    kn_send_data(n, t, &t->held);
    free(t->held.blob);
    t->held.blob = NULL;
    t->has_held = false;
}

static void kn_apply(kn_node *n, int proc, uint32_t origin, kn_actions *acts)
{
    for (size_t i = 0; i < acts->n; i++) {
        kn_action *a = &acts->v[i];
        kn_session *t = kn_find_channel(n, a->channel_id);
        if (!t && n->fault[MOCK_KN_UNKNOWN_CHANNEL_TO_SENDER])
            t = kn_find_channel(n, origin);
        if (!t || t->process != proc) {
            kn_refuse_action(n, proc, origin, "WsChannelNotFound");
            continue;
        }
        if (t->closing)
            continue;
        if (a->kind == KN_ACT_CLOSE || (a->kind == KN_ACT_PUSH && a->type == KN_WS_CLOSE)) {
            /* warp's Message::close(): a Close frame without status. */
            kn_close_session(n, t, n->fault[MOCK_KN_PROCESS_CLOSE_1000] ? 1000 : 0);
            continue;
        }
        switch (a->type) {
        case KN_WS_TEXT:
        case KN_WS_BINARY:
            kn_push_data(n, t, a);
            break;
        case KN_WS_PING:
            if (a->len <= KN_CONTROL_MAX)
                wsrv_conn_ping(t->conn, a->blob, a->len);
            else if (n->fault[MOCK_KN_LONG_PING_TRUNCATED])
                wsrv_conn_ping(t->conn, a->blob, KN_CONTROL_MAX);
            else
                kn_refuse_action(n, proc, origin, "WsPingPongTooLong");
            break;
        case KN_WS_PONG:
            if (a->len <= KN_CONTROL_MAX)
                wsrv_conn_pong(t->conn, a->blob, a->len);
            else
                kn_refuse_action(n, proc, origin, "WsPingPongTooLong");
            break;
        case KN_WS_CLOSE:
            break;
        }
    }
    kn_actions_clear(acts);
}

typedef enum { KN_EV_OPEN, KN_EV_PUSH, KN_EV_CLOSE } kn_event_kind;

/* Delivers one event to the session's process and carries out its answer. */
static void kn_deliver(kn_node *n, kn_session *s, kn_event_kind ev, kn_ws_type type, const char *blob, size_t len)
{
    if (s->process < 0 || !s->has_channel)
        return;
    const kn_process_class *k = kn_process_classes[s->process];
    void *p = n->procs[s->process];
    kn_actions acts = { 0 };
    if (ev == KN_EV_OPEN) {
        char full[256];
        const char *path = s->path;
        if (n->fault[MOCK_KN_OPEN_PATH_KEEPS_PROCESS]) {
            snprintf(full, sizeof full, "/%s%s", k->id, strcmp(s->path, "/") == 0 ? "" : s->path);
            path = full;
        }
        k->on_open(p, path, s->channel_id, &acts);
    } else if (ev == KN_EV_PUSH) {
        k->on_push(p, s->channel_id, type, blob, len, &acts);
    } else {
        k->on_close(p, s->channel_id, &acts);
    }
    kn_apply(n, s->process, s->channel_id, &acts);
    kn_actions_free(&acts);
}

/* --- the upgrade --- */

static int kn_process_index(const char *id, size_t len)
{
    for (size_t i = 0; i < kn_process_class_count; i++)
        if (strlen(kn_process_classes[i]->id) == len && memcmp(kn_process_classes[i]->id, id, len) == 0)
            return (int)i;
    return -1;
}

kn_jwt_status kn_node_check_cookie(const kn_node *n, const char *cookie_header)
{
    char name[300];
    size_t len = 0;
    const char *tok = kn_cookie_name(n->cfg.node, name, sizeof name) ? kn_cookie_value(cookie_header, name, &len) : NULL;
    if (!tok)
        return KN_JWT_MALFORMED;
    kn_jwt_policy pol = { .node = n->fault[MOCK_KN_PATH_OTHER_NODE_ACCEPTED] ? NULL : n->cfg.node,
                          .check_subdomain = true,
                          .check_expiry = !n->fault[MOCK_KN_PATH_EXPIRED_ACCEPTED],
                          .now_s = wsrv_wall_time_s() };
    return kn_jwt_verify(tok, len, n->cfg.jwt_secret, n->cfg.jwt_secret_len, &pol);
}

bool kn_node_secure_ok(const kn_node *n, const char *process, const char *cookie_header, const char *host)
{
    char sub[200];
    if (!kn_secure_subdomain(process, sub, sizeof sub))
        return false;
    if (!n->fault[MOCK_KN_SECURE_HOST_UNCHECKED] && (!host || strncmp(host, sub, strlen(sub)) != 0))
        return false;
    if (n->fault[MOCK_KN_SECURE_PLAIN_COOKIE_ACCEPTED] && kn_node_check_cookie(n, cookie_header) == KN_JWT_OK)
        return true;
    char name[400];
    size_t len = 0;
    const char *tok = kn_secure_cookie_name(n->cfg.node, process, name, sizeof name)
                          ? kn_cookie_value(cookie_header, name, &len)
                          : NULL;
    if (!tok)
        return false;
    kn_jwt_policy pol = { .node = n->cfg.node, .subdomain = process, .check_expiry = true,
                          .now_s = wsrv_wall_time_s() };
    return kn_jwt_verify(tok, len, n->cfg.jwt_secret, n->cfg.jwt_secret_len, &pol) == KN_JWT_OK;
}

/* Finds the binding for path ("/<process-id>" + binding path, trailing '/' already
 * stripped). Returns the process index and sets *binding, or -1. */
static int kn_route(const kn_node *n, const char *path, const kn_ws_binding **binding)
{
    if (path[0] != '/')
        return -1;
    const char *id = path + 1;
    const char *slash = strchr(id, '/');
    size_t idlen = slash ? (size_t)(slash - id) : strlen(id);
    const char *rest = slash ? slash : "/";
    /* "/<id>/" after one trailing '/' was stripped: the path had "//"; no binding has it. */
    if (slash && strcmp(slash, "/") == 0 && !n->fault[MOCK_KN_PATH_PREFIX_MATCH])
        return -1;
    int proc = kn_process_index(id, idlen);
    if (proc < 0)
        return -1;
    const kn_process_class *k = kn_process_classes[proc];
    for (size_t i = 0; i < k->binding_count; i++)
        if (strcmp(k->bindings[i].path, rest) == 0) {
            *binding = &k->bindings[i];
            return proc;
        }
    if (n->fault[MOCK_KN_PATH_PREFIX_MATCH]) {
        *binding = &k->bindings[0];
        return proc;
    }
    return -1;
}

int kn_node_upgrade(kn_node *n, const char *path, const char *cookie_header, const char *host, kn_session *s)
{
    int refuse = n->fault[MOCK_KN_PATH_REFUSAL_401] ? 401 : 404;
    s->node = n;
    s->process = -1;
    if (n->nsessions >= n->cfg.max_channels && !n->fault[MOCK_KN_NO_CHANNEL_CAP])
        return refuse;
    if (strcmp(path, "/") == 0) {
        if (n->fault[MOCK_KN_REG_ROOT_REFUSED])
            return 404;
        s->flow = KN_FLOW_REG_WAIT;
        return 0;
    }
    char norm[256];
    size_t len = strlen(path);
    if (len >= sizeof norm)
        return refuse;
    memcpy(norm, path, len + 1);
    if (len > 1 && norm[len - 1] == '/') {
        if (n->fault[MOCK_KN_PATH_TRAILING_SLASH_REFUSED])
            return refuse;
        norm[--len] = '\0';
    }
    const kn_ws_binding *b = NULL;
    int proc = kn_route(n, norm, &b);
    if (proc < 0)
        return refuse;
    if (b->secure) {
        if (!kn_node_secure_ok(n, kn_process_classes[proc]->id, cookie_header, host))
            return refuse;
    } else if ((b->authenticated || n->fault[MOCK_KN_PATH_PUBLIC_NEEDS_COOKIE]) &&
               kn_node_check_cookie(n, cookie_header) != KN_JWT_OK) {
        return refuse;
    }
    s->flow = KN_FLOW_PATH;
    s->process = proc;
    snprintf(s->path, sizeof s->path, "%s", b->path);
    return 0;
}

/* --- the connection's life --- */

static void kn_reg_timeout(wsrv_timer *t)
{
    kn_session *s = (kn_session *)t;
    if (s->flow == KN_FLOW_REG_WAIT)
        kn_close_session(s->node, s, 0);
}

void kn_node_open(kn_node *n, kn_session *s, wsrv_conn *conn)
{
    s->conn = conn;
    s->node = n;
    if (s->flow == KN_FLOW_NONE) {
        /* The core accepted an upgrade without asking: treat it as the register endpoint. */
        s->flow = KN_FLOW_REG_WAIT;
        s->process = -1;
    }
    if (!kn_list_session(n, s)) {
        kn_close_session(n, s, 1011);
        return;
    }
    if (s->flow == KN_FLOW_REG_WAIT) {
        if (n->fault[MOCK_KN_REG_TIMEOUT])
            wsrv_timer_start(n->server, &s->reg_timer, KN_REG_FAULT_TIMEOUT_US, kn_reg_timeout);
        return;
    }
    s->channel_id = kn_new_channel_id(n);
    s->has_channel = true;
    if (n->fault[MOCK_KN_SERVER_PING_ON_OPEN])
        wsrv_conn_ping(conn, "keepalive", 9);
    if (n->fault[MOCK_KN_UNSOLICITED_PONG_ON_OPEN])
        wsrv_conn_pong(conn, "keepalive", 9);
    if (n->fault[MOCK_KN_GREETING_ON_OPEN]) {
        char hello[40];
        int len = snprintf(hello, sizeof hello, "{\"channel_id\":%u}", (unsigned)s->channel_id);
        wsrv_conn_send(conn, hello, (size_t)len, false);
    }
    kn_deliver(n, s, KN_EV_OPEN, KN_WS_TEXT, NULL, 0);
}

/* A refused registration: a Close frame without status, nothing else. */
static void kn_reg_refuse(kn_node *n, kn_session *s)
{
    kn_close_session(n, s, n->fault[MOCK_KN_REG_REFUSAL_1008] ? 1008 : 0);
    if (n->fault[MOCK_KN_BAD_REGISTER_CLOSES_ALL])
        for (size_t i = 0; i < n->nsessions; i++)
            kn_close_session(n, n->sessions[i], 0);
}

static void kn_register(kn_node *n, kn_session *s, const char *data, size_t len, bool binary)
{
    kn_register_faults rf = { .extra_keys_refused = n->fault[MOCK_KN_REG_EXTRA_KEYS_REFUSED],
                              .encrypted_optional = n->fault[MOCK_KN_REG_ENCRYPTED_OPTIONAL],
                              .target_unchecked = n->fault[MOCK_KN_REG_TARGET_UNCHECKED] };
    kn_ws_register reg;
    if ((binary && n->fault[MOCK_KN_REG_BINARY_REFUSED]) || kn_register_parse(data, len, &rf, &reg) != KN_REG_OK) {
        kn_reg_refuse(n, s);
        return;
    }
    /* The register-era server checked signature and username only (no expiry). */
    kn_jwt_policy pol = { .node = n->cfg.node };
    bool token_ok = n->fault[MOCK_KN_REG_ANY_TOKEN] ||
                    kn_jwt_verify(reg.auth_token, strlen(reg.auth_token), n->cfg.jwt_secret, n->cfg.jwt_secret_len,
                                  &pol) == KN_JWT_OK;
    int proc = kn_process_index(reg.target_process, strlen(reg.target_process));
    bool refused = !token_ok || (reg.encrypted && n->fault[MOCK_KN_REG_ENCRYPTED_REFUSED]) ||
                   (proc < 0 && n->fault[MOCK_KN_REG_UNKNOWN_PROCESS_REFUSED]);
    kn_register_free(&reg);
    if (refused) {
        kn_reg_refuse(n, s);
        return;
    }
    wsrv_timer_stop(&s->reg_timer);
    s->flow = KN_FLOW_REG_OPEN;
    s->process = proc;
    snprintf(s->path, sizeof s->path, "/");
    s->channel_id = kn_new_channel_id(n);
    s->has_channel = true;
    if (n->fault[MOCK_KN_SERVER_PING_ON_OPEN])
        wsrv_conn_ping(s->conn, "keepalive", 9);
    if (n->fault[MOCK_KN_UNSOLICITED_PONG_ON_OPEN])
        wsrv_conn_pong(s->conn, "keepalive", 9);
    char reply[48];
    int rl = snprintf(reply, sizeof reply,
                      n->fault[MOCK_KN_REG_CHANNEL_ID_STRING] ? "{\"channel_id\":\"%u\"}" : "{\"channel_id\":%u}",
                      (unsigned)s->channel_id);
    wsrv_conn_send(s->conn, reply, (size_t)rl, false);
    kn_deliver(n, s, KN_EV_OPEN, KN_WS_TEXT, NULL, 0);
}

void kn_node_message(kn_node *n, kn_session *s, const char *data, size_t len, bool binary)
{
    if (s->closing)
        return;
    /* tungstenite refuses a text message that is not UTF-8: the read loop ends and the
     * connection is closed with a Close frame without status. */
    if (!binary && !n->fault[MOCK_KN_INVALID_UTF8_FORWARDED] && !kn_utf8_valid(data, len)) {
        kn_close_session(n, s, 0);
        return;
    }
    switch (s->flow) {
    case KN_FLOW_REG_WAIT:
        kn_register(n, s, data, len, binary);
        break;
    case KN_FLOW_REG_OPEN:
        /* The register-era server forwarded every frame as Binary. */
        if (!n->fault[MOCK_KN_REG_FORWARD_DROPPED])
            kn_deliver(n, s, KN_EV_PUSH,
                       n->fault[MOCK_KN_REG_KEEPS_FRAME_TYPE] && !binary ? KN_WS_TEXT : KN_WS_BINARY, data, len);
        break;
    case KN_FLOW_PATH:
        kn_deliver(n, s, KN_EV_PUSH, binary || n->fault[MOCK_KN_CLIENT_TEXT_AS_BINARY] ? KN_WS_BINARY : KN_WS_TEXT,
                   data, len);
        break;
    case KN_FLOW_NONE:
        break;
    }
}

int kn_node_peer_close(kn_node *n, kn_session *s, int code, const char *reason, size_t reason_len)
{
    /* tungstenite forwards a client Close as a "Close" push carrying the reason only. */
    if (!s->closing && s->flow != KN_FLOW_REG_WAIT)
        kn_deliver(n, s, KN_EV_PUSH, KN_WS_CLOSE, reason, reason_len);
    s->closing = true;
    if (code == 1005)
        return 0;
    if (kn_close_code_allowed(code))
        return n->fault[MOCK_KN_CLOSE_CODE_REPLACED] ? 1000 : WSRV_CLOSE_ECHO; /* code and reason */
    if (n->fault[MOCK_KN_CLOSE_BAD_CODE_ECHOED])
        return code;
    wsrv_conn_set_close_reason(s->conn, "Protocol violation"); /* tungstenite's words */
    return 1002;
}

int kn_node_version_refusal(const kn_node *n, const char *version)
{
    /* warp's ws filter takes only version 13; any other request is an ordinary GET for the
     * HTTP router, which has no such route. */
    if (n->fault[MOCK_KN_VERSION_8_UPGRADED] || (version && strcmp(version, "13") == 0))
        return 0;
    return 404;
}

void kn_node_pong(kn_node *n, kn_session *s, const char *data, size_t len)
{
    if (!s->closing && s->flow != KN_FLOW_REG_WAIT)
        kn_deliver(n, s, KN_EV_PUSH, KN_WS_PONG, data, len);
}

void kn_node_close(kn_node *n, kn_session *s)
{
    wsrv_timer_stop(&s->reg_timer);
    s->closing = true; /* the process may answer, but nothing more reaches this socket */
    if (s->has_channel) {
        kn_deliver(n, s, KN_EV_CLOSE, KN_WS_TEXT, NULL, 0);
        s->has_channel = false;
    }
    if (s->listed)
        kn_unlist_session(n, s);
    free(s->held.blob);
    s->held.blob = NULL;
    s->has_held = false;
}

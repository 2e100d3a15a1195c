/* Kinode processes behind the http-server, as pure state machines. A process sees the
 * events the real http-server sends it (WebSocketOpen, WebSocketPush with message_type,
 * WebSocketClose, and the {"Err":...} answer to a failed action) and answers with actions
 * (WebSocketPush to a channel, WebSocketClose of a channel) that the server carries out.
 * Nothing here touches a socket, so each process is unit-tested on its own. */
#ifndef KN_PROCESS_H
#define KN_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* WsMessageType. */
typedef enum kn_ws_type { KN_WS_TEXT, KN_WS_BINARY, KN_WS_PING, KN_WS_PONG, KN_WS_CLOSE } kn_ws_type;

/* "Text", "Binary", "Ping", "Pong", "Close". */
const char *kn_ws_type_name(kn_ws_type t);
/* Parses one of the names above; false for anything else. */
bool kn_ws_type_parse(const char *name, kn_ws_type *out);

typedef enum kn_action_kind { KN_ACT_PUSH, KN_ACT_CLOSE } kn_action_kind;

typedef struct kn_action {
    kn_action_kind kind;
    uint32_t channel_id;
    kn_ws_type type;  /* KN_ACT_PUSH */
    char *blob;       /* KN_ACT_PUSH: malloc'd bytes (NUL-terminated for convenience) */
    size_t len;
} kn_action;

/* The actions one event produced, in order. */
typedef struct kn_actions {
    kn_action *v;
    size_t n, cap;
} kn_actions;

bool kn_actions_push(kn_actions *a, uint32_t channel_id, kn_ws_type type, const void *blob, size_t len);
bool kn_actions_close(kn_actions *a, uint32_t channel_id);
/* Frees the blobs and empties the list (keeps its memory); kn_actions_free releases all. */
void kn_actions_clear(kn_actions *a);
void kn_actions_free(kn_actions *a);

/* A WebSocket path a process binds (WebSocketBind), relative to the process:
 * "/" is served at "/<process-id>", "/public" at "/<process-id>/public". */
typedef struct kn_ws_binding {
    const char *path;
    bool authenticated;
    /* WebSocketSecureBind: always authenticated, and only through the process's secure
     * subdomain (Host "<package>-<publisher>...", cookie "kinode-auth_<node>@<process-id>"). */
    bool secure;
} kn_ws_binding;

/* An HTTP answer of a process. */
typedef struct kn_http_reply {
    int status;
    const char *content_type;
    char *body;  /* malloc'd */
    size_t len;
} kn_http_reply;

typedef struct kn_process_class {
    const char *id;                    /* "echo:conformance:sys" */
    const kn_ws_binding *bindings;
    size_t binding_count;
    const char *http_path;             /* HTTP binding relative to the process, or NULL */
    bool http_authenticated;
    /* faults: MOCK_KN_FAULT_COUNT flags (kn_faults.h) or NULL; NULL return: out of memory. */
    void *(*create)(const char *our_node, const bool *faults);
    void (*destroy)(void *self);
    /* path: the binding the client reached, relative to the process ("/"). */
    void (*on_open)(void *self, const char *path, uint32_t channel_id, kn_actions *out);
    void (*on_push)(void *self, uint32_t channel_id, kn_ws_type type, const char *blob, size_t len, kn_actions *out);
    void (*on_close)(void *self, uint32_t channel_id, kn_actions *out);
    /* The server refused an action ("WsChannelNotFound", "WsPingPongTooLong"); channel_id is
     * the channel whose event produced the action. May be NULL. */
    void (*on_error)(void *self, uint32_t channel_id, const char *error);
    /* A request on http_path; may be NULL when http_path is NULL. */
    void (*http)(void *self, const char *method, const char *body, size_t len, kn_http_reply *reply);
} kn_process_class;

extern const kn_process_class kn_ws_server_process; /* ws-server:ws-server:template.os */
extern const kn_process_class kn_echo_process;      /* echo:conformance:sys */
extern const kn_process_class kn_chat_process;      /* chat:chat:template.os */

/* Every process the reference node runs. */
extern const kn_process_class *const kn_process_classes[];
extern const size_t kn_process_class_count;

#endif

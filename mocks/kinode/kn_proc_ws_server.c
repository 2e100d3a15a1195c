/* The Kinode book's ws-server example (code/ws-server): binds WebSocket "/" without
 * authentication and greets every new channel with the Text push "ack client connection"
 * (a JSON string, quotes included). Client messages are only logged upstream, so here
 * they produce nothing. */
#include <stdlib.h>

#include "kn_faults.h"
#include "kn_process.h"

static const char kn_ack[] = "\"ack client connection\"";

typedef struct kn_ws_server {
    bool ack_binary; /* fault: greet with a Binary push */
} kn_ws_server;

static void *kn_ws_server_create(const char *our_node, const bool *faults)
{
    (void)our_node;
    kn_ws_server *w = calloc(1, sizeof *w);
    if (w)
        w->ack_binary = faults && faults[MOCK_KN_WS_SERVER_ACK_BINARY];
    return w;
}

static void kn_ws_server_open(void *self, const char *path, uint32_t channel_id, kn_actions *out)
{
    (void)path;
    const kn_ws_server *w = self;
    kn_actions_push(out, channel_id, w->ack_binary ? KN_WS_BINARY : KN_WS_TEXT, kn_ack, sizeof kn_ack - 1);
}

static void kn_ws_server_push(void *self, uint32_t channel_id, kn_ws_type type, const char *blob, size_t len,
                              kn_actions *out)
{
    (void)self, (void)channel_id, (void)type, (void)blob, (void)len, (void)out;
}

static void kn_ws_server_close(void *self, uint32_t channel_id, kn_actions *out)
{
    (void)self, (void)channel_id, (void)out;
}

static const kn_ws_binding kn_ws_server_bindings[] = { { "/", false, false } };

const kn_process_class kn_ws_server_process = {
    .id = "ws-server:ws-server:template.os",
    .bindings = kn_ws_server_bindings,
    .binding_count = 1,
    .create = kn_ws_server_create,
    .destroy = free,
    .on_open = kn_ws_server_open,
    .on_push = kn_ws_server_push,
    .on_close = kn_ws_server_close,
};

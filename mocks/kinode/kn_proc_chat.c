/* The chat template of kinode-dao/kit (chat:chat:template.os, UI variant): binds WebSocket
 * "/" (authenticated) and HTTP "/messages" (authenticated). It remembers only the most
 * recently opened channel. A WebSocket message {"Send":{"target":T,"message":M}} (any
 * frame type) is archived under chat T and pushed as the Text
 * {"NewMessage":{"chat":T,"author":<our node>,"content":M}} to that latest channel;
 * "History" over the WebSocket answers nothing there. GET .../messages answers
 * {"History":{"messages":{<chat>:[{"author":A,"content":C},...]}}}. This node has no
 * peers, so a message to another node is archived and pushed the same way. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kn_faults.h"
#include "kn_process.h"

typedef struct kn_chat {
    char *our;
    bool first_channel_fault; /* keep the first channel instead of the latest */
    bool history_empty_fault; /* answer GET /messages with no messages */
    bool has_channel;
    uint32_t channel_id;
    cJSON *archive; /* object: chat -> array of {author, content} */
} kn_chat;

static void kn_chat_destroy(void *self)
{
    kn_chat *c = self;
    if (!c)
        return;
    free(c->our);
    cJSON_Delete(c->archive);
    free(c);
}

static void *kn_chat_create(const char *our_node, const bool *faults)
{
    kn_chat *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->first_channel_fault = faults && faults[MOCK_KN_CHAT_FIRST_CHANNEL];
    c->history_empty_fault = faults && faults[MOCK_KN_CHAT_HISTORY_EMPTY];
    c->our = strdup(our_node);
    c->archive = cJSON_CreateObject();
    if (!c->our || !c->archive) {
        kn_chat_destroy(c);
        return NULL;
    }
    return c;
}

static void kn_chat_open(void *self, const char *path, uint32_t channel_id, kn_actions *out)
{
    (void)path;
    (void)out;
    kn_chat *c = self;
    if (c->first_channel_fault && c->has_channel)
        return;
    c->has_channel = true;
    c->channel_id = channel_id;
}

static void kn_chat_archive(kn_chat *c, const char *chat, const char *content)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(c->archive, chat);
    if (!list)
        list = cJSON_AddArrayToObject(c->archive, chat);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "author", c->our);
    cJSON_AddStringToObject(m, "content", content);
    if (!cJSON_AddItemToArray(list, m))
        cJSON_Delete(m);
}

static void kn_chat_push(void *self, uint32_t channel_id, kn_ws_type type, const char *blob, size_t len,
                         kn_actions *out)
{
    (void)channel_id;
    kn_chat *c = self;
    if (type != KN_WS_TEXT && type != KN_WS_BINARY)
        return;
    cJSON *req = cJSON_ParseWithLength(blob, len);
    const cJSON *send = cJSON_GetObjectItemCaseSensitive(req, "Send");
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(send, "target");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(send, "message");
    if (cJSON_IsString(target) && cJSON_IsString(message)) {
        kn_chat_archive(c, target->valuestring, message->valuestring);
        if (c->has_channel) {
            cJSON *ev = cJSON_CreateObject(), *nm = cJSON_AddObjectToObject(ev, "NewMessage");
            cJSON_AddStringToObject(nm, "chat", target->valuestring);
            cJSON_AddStringToObject(nm, "author", c->our);
            cJSON_AddStringToObject(nm, "content", message->valuestring);
            char *text = cJSON_PrintUnformatted(ev);
            if (text)
                kn_actions_push(out, c->channel_id, KN_WS_TEXT, text, strlen(text));
            cJSON_free(text);
            cJSON_Delete(ev);
        }
    }
    cJSON_Delete(req);
}

static void kn_chat_close(void *self, uint32_t channel_id, kn_actions *out)
{
    (void)out;
    kn_chat *c = self;
    if (c->has_channel && c->channel_id == channel_id)
        c->has_channel = false;
}

static void kn_chat_http(void *self, const char *method, const char *body, size_t len, kn_http_reply *reply)
{
    (void)body;
    (void)len;
    kn_chat *c = self;
    if (strcmp(method, "GET") != 0) {
        reply->status = 405;
        return;
    }
    cJSON *r = cJSON_CreateObject(), *h = cJSON_AddObjectToObject(r, "History");
    cJSON_AddItemToObject(h, "messages", c->history_empty_fault ? cJSON_CreateObject() : cJSON_Duplicate(c->archive, true));
    char *text = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    if (!text) {
        reply->status = 500;
        return;
    }
    reply->status = 200;
    reply->content_type = "application/json";
    reply->len = strlen(text);
    reply->body = malloc(reply->len + 1);
    if (reply->body)
        memcpy(reply->body, text, reply->len + 1);
    else
        reply->status = 500;
    cJSON_free(text);
}

static const kn_ws_binding kn_chat_bindings[] = { { "/", true, false } };

const kn_process_class kn_chat_process = {
    .id = "chat:chat:template.os",
    .bindings = kn_chat_bindings,
    .binding_count = 1,
    .http_path = "/messages",
    .http_authenticated = true,
    .create = kn_chat_create,
    .destroy = kn_chat_destroy,
    .on_open = kn_chat_open,
    .on_push = kn_chat_push,
    .on_close = kn_chat_close,
    .http = kn_chat_http,
};

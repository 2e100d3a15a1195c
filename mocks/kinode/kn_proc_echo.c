/* echo:conformance:sys — a process that makes every http-server event observable to a
 * client. It binds "/" (authenticated), "/public" (not authenticated) and "/secure" (a
 * secure subdomain binding).
 *
 * A message whose payload is a JSON object with a string "cmd" (any frame type) is a
 * command; every other Text or Binary message is echoed with the same type and bytes.
 *   {"cmd":"info"}    -> Text {"channel_id":N,"path":"<binding>"}
 *   {"cmd":"events"}  -> Text {"events":[...]}: what the process received on this channel,
 *                        oldest first (at most KN_ECHO_LOG, the command itself last)
 *   {"cmd":"close"}   -> WebSocketClose of this channel
 *   {"cmd":"ping","data":"<text>"}                         -> Ping push of data
 *   {"cmd":"push","type":"Text","hex":"ff","channel_id":M} -> push of the bytes to channel M
 *                        (default: this channel); type one of Text Binary Ping Pong Close
 * Log entries: {"WebSocketOpen":{"path":P,"channel_id":N}},
 * {"WebSocketPush":{"channel_id":N,"message_type":T},"blob_len":L,"blob_hex":H} (H: the
 * first KN_ECHO_HEX_MAX bytes), {"Err":E} for an action the server refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kn_process.h"

#define KN_ECHO_LOG 64
#define KN_ECHO_HEX_MAX 1024

typedef struct kn_echo_channel {
    uint32_t id;
    char path[64];
    cJSON *log; /* array of entries */
} kn_echo_channel;

typedef struct kn_echo {
    kn_echo_channel *ch;
    size_t n, cap;
} kn_echo;

static void *kn_echo_create(const char *our_node, const bool *faults)
{
    (void)our_node;
    (void)faults;
    return calloc(1, sizeof(kn_echo));
}

static void kn_echo_destroy(void *self)
{
    kn_echo *e = self;
    for (size_t i = 0; i < e->n; i++)
        cJSON_Delete(e->ch[i].log);
    free(e->ch);
    free(e);
}

static kn_echo_channel *kn_echo_find(kn_echo *e, uint32_t id)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->ch[i].id == id)
            return &e->ch[i];
    return NULL;
}

static void kn_echo_log(kn_echo_channel *c, cJSON *entry)
{
    if (!entry)
        return;
    if (cJSON_GetArraySize(c->log) >= KN_ECHO_LOG)
        cJSON_DeleteItemFromArray(c->log, 0);
    cJSON_AddItemToArray(c->log, entry);
}

static void kn_echo_open(void *self, const char *path, uint32_t channel_id, kn_actions *out)
{
    (void)out;
    kn_echo *e = self;
    kn_echo_channel *c = kn_echo_find(e, channel_id);
    if (!c) {
        if (e->n == e->cap) {
            size_t cap = e->cap ? e->cap * 2 : 8;
            kn_echo_channel *v = realloc(e->ch, cap * sizeof *v);
            if (!v)
                return;
            e->ch = v;
            e->cap = cap;
        }
        c = &e->ch[e->n];
        c->log = cJSON_CreateArray();
        if (!c->log)
            return;
        e->n++;
    }
    c->id = channel_id;
    snprintf(c->path, sizeof c->path, "%s", path);
    cJSON *entry = cJSON_CreateObject(), *open = cJSON_AddObjectToObject(entry, "WebSocketOpen");
    cJSON_AddStringToObject(open, "path", path);
    cJSON_AddNumberToObject(open, "channel_id", channel_id);
    kn_echo_log(c, entry);
}

static void kn_echo_reply_json(uint32_t channel_id, cJSON *v, kn_actions *out)
{
    char *text = v ? cJSON_PrintUnformatted(v) : NULL;
    if (text)
        kn_actions_push(out, channel_id, KN_WS_TEXT, text, strlen(text));
    cJSON_free(text);
    cJSON_Delete(v);
}

static bool kn_hex_decode(const char *hex, char **out, size_t *len)
{
    size_t n = strlen(hex);
    if (n % 2)
        return false;
    char *buf = malloc(n / 2 + 1);
    if (!buf)
        return false;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        char pair[3] = { hex[2 * i], hex[2 * i + 1], 0 };
        char *end;
        v = (unsigned)strtoul(pair, &end, 16);
        if (*end || pair[0] == '+' || pair[0] == '-' || pair[0] == ' ') {
            free(buf);
            return false;
        }
        buf[i] = (char)v;
    }
    *out = buf;
    *len = n / 2;
    return true;
}

/* Runs cmd; false when the message is not a command this process knows. */
static bool kn_echo_command(kn_echo_channel *c, const cJSON *msg, kn_actions *out)
{
    const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(msg, "cmd");
    if (!cJSON_IsString(cmd))
        return false;
    const char *name = cmd->valuestring;
    if (strcmp(name, "info") == 0) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "channel_id", c->id);
        cJSON_AddStringToObject(r, "path", c->path);
        kn_echo_reply_json(c->id, r, out);
    } else if (strcmp(name, "events") == 0) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToObject(r, "events", cJSON_Duplicate(c->log, true));
        kn_echo_reply_json(c->id, r, out);
    } else if (strcmp(name, "close") == 0) {
        kn_actions_close(out, c->id);
    } else if (strcmp(name, "ping") == 0) {
        const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
        const char *d = cJSON_IsString(data) ? data->valuestring : "";
        kn_actions_push(out, c->id, KN_WS_PING, d, strlen(d));
    } else if (strcmp(name, "push") == 0) {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(msg, "type");
        const cJSON *hex = cJSON_GetObjectItemCaseSensitive(msg, "hex");
        const cJSON *target = cJSON_GetObjectItemCaseSensitive(msg, "channel_id");
        kn_ws_type t;
        char *bytes = NULL;
        size_t len = 0;
        if (!cJSON_IsString(type) || !kn_ws_type_parse(type->valuestring, &t) || !cJSON_IsString(hex) ||
            !kn_hex_decode(hex->valuestring, &bytes, &len)) {
            cJSON *r = cJSON_CreateObject();
            cJSON_AddStringToObject(r, "error", "push needs type (Text|Binary|Ping|Pong|Close) and hex");
            kn_echo_reply_json(c->id, r, out);
            return true;
        }
        uint32_t to = cJSON_IsNumber(target) && target->valuedouble >= 0 && target->valuedouble <= 4294967295.0
                          ? (uint32_t)target->valuedouble
                          : c->id;
        kn_actions_push(out, to, t, bytes, len);
        free(bytes);
    } else {
        return false;
    }
    return true;
}

static void kn_echo_log_push(kn_echo_channel *c, kn_ws_type type, const char *blob, size_t len)
{
    cJSON *entry = cJSON_CreateObject(), *push = cJSON_AddObjectToObject(entry, "WebSocketPush");
    cJSON_AddNumberToObject(push, "channel_id", c->id);
    cJSON_AddStringToObject(push, "message_type", kn_ws_type_name(type));
    cJSON_AddNumberToObject(entry, "blob_len", (double)len);
    size_t shown = len < KN_ECHO_HEX_MAX ? len : KN_ECHO_HEX_MAX;
    char *hex = malloc(shown * 2 + 1);
    if (hex) {
        for (size_t i = 0; i < shown; i++)
            snprintf(hex + 2 * i, 3, "%02x", (unsigned char)blob[i]);
        hex[shown * 2] = '\0';
        cJSON_AddStringToObject(entry, "blob_hex", hex);
        free(hex);
    }
    kn_echo_log(c, entry);
}

static void kn_echo_push(void *self, uint32_t channel_id, kn_ws_type type, const char *blob, size_t len,
                         kn_actions *out)
{
    kn_echo_channel *c = kn_echo_find(self, channel_id);
    if (!c)
        return;
    kn_echo_log_push(c, type, blob, len);
    if (type != KN_WS_TEXT && type != KN_WS_BINARY)
        return;
    cJSON *msg = cJSON_ParseWithLength(blob, len);
    bool handled = cJSON_IsObject(msg) && kn_echo_command(c, msg, out);
    cJSON_Delete(msg);
    if (!handled)
        kn_actions_push(out, channel_id, type, blob, len);
}

static void kn_echo_close(void *self, uint32_t channel_id, kn_actions *out)
{
    (void)out;
    kn_echo *e = self;
    kn_echo_channel *c = kn_echo_find(e, channel_id);
    if (!c)
        return;
    cJSON_Delete(c->log);
    *c = e->ch[--e->n];
}

static void kn_echo_error(void *self, uint32_t channel_id, const char *error)
{
    kn_echo_channel *c = kn_echo_find(self, channel_id);
    if (!c)
        return;
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "Err", error);
    kn_echo_log(c, entry);
}

static const kn_ws_binding kn_echo_bindings[] = { { "/", true, false }, { "/public", false, false },
                                                  { "/secure", true, true } };

const kn_process_class kn_echo_process = {
    .id = "echo:conformance:sys",
    .bindings = kn_echo_bindings,
    .binding_count = sizeof kn_echo_bindings / sizeof kn_echo_bindings[0],
    .create = kn_echo_create,
    .destroy = kn_echo_destroy,
    .on_open = kn_echo_open,
    .on_push = kn_echo_push,
    .on_close = kn_echo_close,
    .on_error = kn_echo_error,
};

#include "kn_process.h"

#include <stdlib.h>
#include <string.h>

static const char *const kn_ws_type_names[] = { "Text", "Binary", "Ping", "Pong", "Close" };

const char *kn_ws_type_name(kn_ws_type t)
{
    return (unsigned)t < 5 ? kn_ws_type_names[t] : "?";
}

bool kn_ws_type_parse(const char *name, kn_ws_type *out)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(name, kn_ws_type_names[i]) == 0) {
            *out = (kn_ws_type)i;
            return true;
        }
    return false;
}

static kn_action *kn_actions_add(kn_actions *a)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 4;
        kn_action *v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return NULL;
        a->v = v;
        a->cap = cap;
    }
    kn_action *x = &a->v[a->n];
    memset(x, 0, sizeof *x);
    return x;
}

bool kn_actions_push(kn_actions *a, uint32_t channel_id, kn_ws_type type, const void *blob, size_t len)
{
    kn_action *x = kn_actions_add(a);
    char *copy = malloc(len + 1);
    if (!x || !copy) {
        free(copy);
        return false;
    }
    if (len)
        memcpy(copy, blob, len);
    copy[len] = '\0';
    *x = (kn_action){ .kind = KN_ACT_PUSH, .channel_id = channel_id, .type = type, .blob = copy, .len = len };
    a->n++;
    return true;
}

bool kn_actions_close(kn_actions *a, uint32_t channel_id)
{
    kn_action *x = kn_actions_add(a);
    if (!x)
        return false;
    *x = (kn_action){ .kind = KN_ACT_CLOSE, .channel_id = channel_id };
    a->n++;
    return true;
}

void kn_actions_clear(kn_actions *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i].blob);
    a->n = 0;
}

void kn_actions_free(kn_actions *a)
{
    kn_actions_clear(a);
    free(a->v);
    memset(a, 0, sizeof *a);
}

const kn_process_class *const kn_process_classes[] = {
    &kn_ws_server_process,
    &kn_echo_process,
    &kn_chat_process,
};

const size_t kn_process_class_count = sizeof kn_process_classes / sizeof kn_process_classes[0];

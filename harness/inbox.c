/* Per-connection FIFO of received messages (see inbox.h). */
#include "inbox.h"

#include <stdlib.h>
#include <string.h>

void wsc_inbox_init(wsc_inbox *in)
{
    memset(in, 0, sizeof *in);
    in->next_seq = 1;
}

wsc_frame *wsc_inbox_push_owned(wsc_inbox *in, int binary, char *data, size_t len, double at)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 8;
        wsc_frame *items = realloc(in->items, cap * sizeof *items);
        if (!items) {
            free(data);
            return NULL;
        }
        in->items = items;
        in->cap = cap;
    }
    wsc_frame *f = &in->items[in->n++];
    f->binary = binary;
    f->data = data;
    f->len = len;
    f->at = at;
    f->seq = in->next_seq++;
    f->json = binary ? NULL : cJSON_ParseWithLength(data, len);
    f->user_ref = WSC_INBOX_NO_REF;
    f->pong = 0;
    f->fragments = 0;
    in->bytes += len;
    return f;
}

wsc_frame *wsc_inbox_push(wsc_inbox *in, int binary, const char *data, size_t len, double at)
{
    char *copy = malloc(len + 1);
    if (!copy) return NULL;
    if (len) memcpy(copy, data, len);
    copy[len] = '\0';
    return wsc_inbox_push_owned(in, binary, copy, len, at);
}

size_t wsc_inbox_count(const wsc_inbox *in)
{
    return in->n;
}

wsc_frame *wsc_inbox_at(wsc_inbox *in, size_t i)
{
    return i < in->n ? &in->items[i] : NULL;
}

int wsc_inbox_take_at(wsc_inbox *in, size_t i, wsc_frame *out)
{
    if (i >= in->n) return -1;
    *out = in->items[i];
    memmove(&in->items[i], &in->items[i + 1], (in->n - i - 1) * sizeof *in->items);
    in->n--;
    in->bytes -= out->len;
    return 0;
}

int wsc_inbox_take_first(wsc_inbox *in, int (*pred)(const wsc_frame *f, void *ud), void *ud,
                         wsc_frame *out)
{
    for (size_t i = 0; i < in->n; i++)
        if (pred(&in->items[i], ud)) return wsc_inbox_take_at(in, i, out);
    return -1;
}

void wsc_frame_free(wsc_frame *f)
{
    free(f->data);
    cJSON_Delete(f->json);
    f->data = NULL;
    f->json = NULL;
}

void wsc_inbox_free(wsc_inbox *in)
{
    for (size_t i = 0; i < in->n; i++) wsc_frame_free(&in->items[i]);
    free(in->items);
    wsc_inbox_init(in);
}

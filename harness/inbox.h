/* Per-connection FIFO of received messages (after reassembly), in arrival order.
 * Steps take any frame out of the middle; the rest keep their order. */
#ifndef WSC_INBOX_H
#define WSC_INBOX_H

#include <stddef.h>
#include <cJSON.h>

typedef struct {
    int binary;          /* 1 for a binary message, 0 for text */
    char *data;          /* owned; NUL-terminated for convenience (len excludes it) */
    size_t len;
    double at;           /* seconds since the connection opened */
    unsigned long seq;   /* 1-based arrival index on the connection */
    cJSON *json;         /* owned; parsed text, or NULL when not JSON / binary */
    int user_ref;        /* free for the owner (the Lua layer caches its table here) */
    int pong;            /* a Pong control frame (binary is 1, json NULL) */
    unsigned fragments;  /* WebSocket frames the message arrived in; 0 when unknown */
} wsc_frame;

typedef struct {
    wsc_frame *items;    /* owned */
    size_t n, cap;
    unsigned long next_seq;
    size_t bytes;        /* total payload bytes held */
} wsc_inbox;

#define WSC_INBOX_NO_REF (-2)

void wsc_inbox_init(wsc_inbox *in);
/* Appends a copy of data; parses text as JSON. Returns the frame or NULL when out of memory. */
wsc_frame *wsc_inbox_push(wsc_inbox *in, int binary, const char *data, size_t len, double at);
/* Appends taking ownership of data (malloc'd, len bytes plus a NUL at data[len]). */
wsc_frame *wsc_inbox_push_owned(wsc_inbox *in, int binary, char *data, size_t len, double at);
size_t wsc_inbox_count(const wsc_inbox *in);
wsc_frame *wsc_inbox_at(wsc_inbox *in, size_t i);          /* 0-based; NULL past the end */
/* Removes frame i and moves it into *out (caller then owns it: wsc_frame_free). */
int wsc_inbox_take_at(wsc_inbox *in, size_t i, wsc_frame *out);
/* Removes the first frame for which pred returns nonzero; 0 when one was taken. */
int wsc_inbox_take_first(wsc_inbox *in, int (*pred)(const wsc_frame *f, void *ud), void *ud,
                         wsc_frame *out);
void wsc_frame_free(wsc_frame *f);                           /* frees members */
void wsc_inbox_free(wsc_inbox *in);                          /* frees every frame */

#endif

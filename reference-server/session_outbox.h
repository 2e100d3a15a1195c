/* Per-connection FIFO of outgoing messages. Each entry is stored with LWS_PRE bytes of
 * headroom so it can be handed to lws_write() as is, from the WRITEABLE callback only. */
#ifndef WSRV_SESSION_OUTBOX_H
#define WSRV_SESSION_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct wsrv_outbox_msg {
    struct wsrv_outbox_msg *next;
    size_t len;
    bool binary;
    bool ends_message;     /* the last frame of a message (or a control frame) */
    int write_mode;        /* enum lws_write_protocol for lws_write(), flags included */
    unsigned char buf[];   /* headroom (WSRV_OUTBOX_PRE bytes), then len payload bytes */
} wsrv_outbox_msg;

typedef struct wsrv_outbox {
    wsrv_outbox_msg *head; /* owned list */
    wsrv_outbox_msg *tail;
    size_t count;          /* messages: fragments of one message count once, pings count */
    size_t bytes;          /* payload bytes queued */
} wsrv_outbox;

/* Copies data into a new tail entry. Returns false when out of memory. */
bool wsrv_outbox_push(wsrv_outbox *ob, const void *data, size_t len, bool binary);
/* Queues one message as n frames (copied): the first with the text/binary opcode, the
 * others as continuations, the last with FIN. All or nothing: false when out of memory. */
bool wsrv_outbox_push_fragments(wsrv_outbox *ob, const char *const *parts, const size_t *lens, size_t n, bool binary);
/* Queues a control frame (e.g. LWS_WRITE_PING) with its payload. */
bool wsrv_outbox_push_control(wsrv_outbox *ob, const void *data, size_t len, int write_mode);
/* The oldest entry (still owned by the outbox), or NULL. */
wsrv_outbox_msg *wsrv_outbox_peek(const wsrv_outbox *ob);
/* Payload of an entry: headroom is just before it. */
unsigned char *wsrv_outbox_payload(wsrv_outbox_msg *m);
/* Frees the oldest entry. */
void wsrv_outbox_pop(wsrv_outbox *ob);
/* Frees every entry. */
void wsrv_outbox_clear(wsrv_outbox *ob);

#endif

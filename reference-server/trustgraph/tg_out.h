/* The answer to one TrustGraph request: JSON texts to send in order, each after a pause.
 * The last message is the request's final one; nothing follows it. */
#ifndef TG_OUT_H
#define TG_OUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct tg_msg {
    uint32_t delay_ms;   /* pause after the previous message (or the request) */
    char *text;          /* compact JSON, malloc'd */
} tg_msg;

typedef struct tg_out {
    tg_msg *msgs;
    size_t count, cap;
    int oom;             /* set when a message could not be stored */
} tg_out;

/* Appends text (taken over; freed on failure). Returns 0 or -1. */
int tg_out_push(tg_out *out, uint32_t delay_ms, char *text);
void tg_out_free(tg_out *out);

#endif

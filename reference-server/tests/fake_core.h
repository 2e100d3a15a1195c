/* A fake of the core services in dialect.h for dialect unit tests: connections record
 * what is sent, time is set by the test, timers run when the test advances time. */
#ifndef WSRV_FAKE_CORE_H
#define WSRV_FAKE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dialect.h"

#define FAKE_MAX_SENT 4096

struct wsrv_conn {
    char *sent[FAKE_MAX_SENT];   /* owned copies, in send order (fragments joined; pings as "PING:" + payload, pongs "PONG:") */
    size_t sent_len[FAKE_MAX_SENT];
    bool sent_binary[FAKE_MAX_SENT];
    size_t sent_fragments[FAKE_MAX_SENT]; /* frames the message was sent as (1 for wsrv_conn_send) */
    size_t nsent;
    size_t delivered;            /* messages the "socket" has taken (not queued any more) */
    int close_code;              /* -1: closed without status (wsrv_conn_close(conn, 0)) */
    char close_reason[124];      /* wsrv_conn_set_close_reason */
};

extern uint64_t fake_now_us;
extern double fake_wall_s;

void fake_conn_reset(wsrv_conn *c);
/* Marks every sent message as written (empties the queue). */
void fake_conn_drain(wsrv_conn *c);
/* Advances fake time to t_us, running due timers in time order. */
void fake_advance_to(uint64_t t_us);
/* Number of armed timers. */
size_t fake_armed_timers(void);

/* A request as the core would hand it to http() or upgrade(). headers are the raw lines
 * "Name: value\r\n..." (or NULL); header() finds them by case-insensitive name, as the
 * core does. The strings must outlive the request; fake_request_free releases the values
 * header() handed out. */
typedef struct fake_request {
    wsrv_request req;
    const char *headers;
    char *values[32];
    size_t nvalues;
} fake_request;

void fake_request_init(fake_request *fr, const char *method, const char *path, const char *query,
                       const char *headers, const char *body, size_t body_len);
void fake_request_free(fake_request *fr);
/* The last name a dialect passed to wsrv_request_select_subprotocol (any request); the
 * test clears it. */
extern char fake_selected_subprotocol[64];

#endif

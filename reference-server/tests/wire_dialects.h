/* Dialects that exist only in the core's wire test: each exercises part of dialect.h and
 * reports what it saw in its responses, so the test can check it on the wire. */
#ifndef WIRE_DIALECTS_H
#define WIRE_DIALECTS_H

#include "dialect.h"

/* "tfull": every optional member, subprotocols chat.v2 and chat.v1, 1000-byte messages. */
extern const wsrv_dialect wire_full_dialect;
/* "tbare": mandatory members only (404 for HTTP, every upgrade, echoed Close). */
extern const wsrv_dialect wire_bare_dialect;
/* "ttls": served over TLS. */
extern const wsrv_dialect wire_tls_dialect;

/* "tsel": no subprotocol list; upgrade() answers the first offered entry that does not
 * start with "token-" (wsrv_request_select_subprotocol). */
extern const wsrv_dialect wire_select_dialect;

#define WIRE_BIG_BODY 300000

/* The message "burst" (to tfull and ttls) queues in one call: WIRE_BURST_SMALL short
 * texts "b<i>", a 200-byte text of 'y', the binary "bin\0x", WIRE_BURST_MID texts of
 * WIRE_BURST_MID_LEN bytes (letter 'A' + i), a WIRE_BURST_LARGE_LEN-byte text of 'L',
 * the fragments "ab" "cd" "ef", a Ping "hb", then "end": whole small messages that the
 * core writes several to a send, and every kind of frame that ends such a run. */
#define WIRE_BURST_SMALL 30
#define WIRE_BURST_MID 12
#define WIRE_BURST_MID_LEN 3000
#define WIRE_BURST_LARGE_LEN 5000

#endif

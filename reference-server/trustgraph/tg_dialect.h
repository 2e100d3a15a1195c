/* The TrustGraph dialect: the multiplexed service socket at /api/v1/socket (vhost port
 * 8088), many requests in flight per connection, each answered on its own timers so a
 * slow stream never holds back a fast answer. The profile comes from --profile
 * trustgraph=spec|gateway. */
#ifndef TG_DIALECT_H
#define TG_DIALECT_H

#include "dialect.h"

#define TG_DEFAULT_PORT 8088
#define TG_SOCKET_PATH "/api/v1/socket"
#define TG_MAX_MESSAGE (50u * 1024u * 1024u)
#define TG_DEFAULT_TIMEOUT_MS 120000u
/* Timed frames wait while more than this many bytes are queued for the connection. */
#define TG_HIGH_WATER (1024u * 1024u)

extern const wsrv_dialect tg_dialect;

/* With config reorder_ms > 0, the pause added before an answer's first frame:
 * hash(seed, "reorder", compact JSON of the id) % (reorder_ms + 1) milliseconds (the
 * hash of mocks/README.md, TrustGraph); no id hashes "". */
uint32_t tg_reorder_delay(uint64_t seed, const cJSON *id, uint32_t reorder_ms);

#endif

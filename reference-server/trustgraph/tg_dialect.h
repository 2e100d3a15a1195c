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

extern const wsrv_dialect tg_dialect;

#endif

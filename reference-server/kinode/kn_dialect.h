/* Kinode's http-server WebSocket channels as a wsconf-server dialect (default port 8080). */
#ifndef KN_DIALECT_H
#define KN_DIALECT_H

#include "dialect.h"

extern const wsrv_dialect kn_dialect;

#endif

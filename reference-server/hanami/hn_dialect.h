/* The Hanami API (see hn_rest.h and hn_ws.h): REST and WebSocket on one port. */
#ifndef WSRV_HN_DIALECT_H
#define WSRV_HN_DIALECT_H

#include "dialect.h"

extern const wsrv_dialect hn_dialect;

#endif

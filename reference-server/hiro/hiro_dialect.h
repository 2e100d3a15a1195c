/* The HIRO Graph WebSocket API: the event stream (events-1.0.0) and the graph API
 * (graph-2.0.0) on one vhost, over the socket-free core in mocks/hiro. */
#ifndef WSRV_HIRO_DIALECT_H
#define WSRV_HIRO_DIALECT_H

#include "dialect.h"

extern const wsrv_dialect hiro_dialect;

#endif

/* Which HIRO endpoint a WebSocket request path names. */
#ifndef HIRO_ROUTE_H
#define HIRO_ROUTE_H

#include <stdbool.h>

#include "hiro_subprotocol.h" /* hiro_endpoint */

/* HIRO 7 paths: /api/events-ws and /api/graph-ws, optionally followed by one version
 * segment ("6", "6.1", "6.2", ...), each with or without a trailing slash. With
 * legacy_aliases, also the HIRO 6 paths /_events and /_g (with or without slash), which
 * the only client release on npm uses. path is the URI path without the query. */
bool hiro_route(const char *path, bool legacy_aliases, hiro_endpoint *ep);

#endif

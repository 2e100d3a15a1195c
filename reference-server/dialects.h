/* The registry of dialects the server can serve, in ready-line order. */
#ifndef WSRV_DIALECTS_H
#define WSRV_DIALECTS_H

#include <stddef.h>

#include "dialect.h"

extern const wsrv_dialect *const wsrv_dialects[];
extern const size_t wsrv_dialect_count;

/* Index of the dialect called name, or -1. */
int wsrv_dialect_find(const char *name);

#endif

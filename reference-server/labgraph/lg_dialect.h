/* The LabGraph WebSockets API as a wsconf-server dialect (default port 9000). */
#ifndef LG_DIALECT_H
#define LG_DIALECT_H

#include "dialect.h"

extern const wsrv_dialect lg_dialect;

#endif

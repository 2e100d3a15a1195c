#include "dialects.h"

#include <string.h>

#include "kinode/kn_dialect.h"
#include "hanami/hn_dialect.h"
#include "labgraph/lg_dialect.h"
#include "trustgraph/tg_dialect.h"
#include "hiro/hiro_dialect.h"

/* One line per API. */
const wsrv_dialect *const wsrv_dialects[] = {
    &lg_dialect,
    &hn_dialect,
    &kn_dialect,
    &tg_dialect,
    &hiro_dialect,
};

const size_t wsrv_dialect_count = sizeof wsrv_dialects / sizeof wsrv_dialects[0];

int wsrv_dialect_find(const char *name)
{
    for (size_t i = 0; i < wsrv_dialect_count; i++)
        if (strcmp(wsrv_dialects[i]->name, name) == 0)
            return (int)i;
    return -1;
}

/* Deterministic split of the selected scenarios into shards (see shard.h). */
#include "shard.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *id;
    size_t index;
} entry;

static int by_id(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

int wsc_shard_pick(const char *const *ids, size_t count, unsigned k, unsigned n, int *keep)
{
    if (count == 0) return 0;
    entry *e = malloc(count * sizeof *e);
    if (!e) return -1;
    for (size_t i = 0; i < count; i++) e[i] = (entry){ ids[i], i };
    qsort(e, count, sizeof *e, by_id);
    for (size_t r = 0; r < count; r++) keep[e[r].index] = n == 0 || (r % n) + 1 == k;
    free(e);
    return 0;
}

/* --shard K/N: which of the selected scenarios a shard runs. Pure, so it is unit-tested. */
#ifndef WSC_SHARD_H
#define WSC_SHARD_H

#include <stddef.h>

/* Sets keep[i] to 1 for the scenarios of shard k (1-based) of n, else 0. The ids are
 * sorted (ties in their given order) and the r-th of them goes to shard (r mod n) + 1, so
 * every scenario is in exactly one shard, the shards differ in size by at most one, and
 * the split depends only on the set of selected ids, not on file or discovery order.
 * Returns 0, or -1 when out of memory. */
int wsc_shard_pick(const char *const *ids, size_t count, unsigned k, unsigned n, int *keep);

#endif

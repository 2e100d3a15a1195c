#include "hn_ids.h"

#include <stdio.h>

#include "../rng.h"

void hn_make_uuid(uint64_t seed, const char *kind, uint64_t n, char out[HN_UUID_LEN + 1])
{
    uint64_t a = mock_splitmix64(mock_splitmix64(seed ^ mock_fnv1a64(kind)) ^ n);
    uint64_t b = mock_splitmix64(a ^ 0x5a5a5a5a5a5a5a5aULL);
    /* Version 4, variant 10xx, as upstream's random UUIDs. */
    snprintf(out, HN_UUID_LEN + 1, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffffu,
             (unsigned)a & 0xfffu, (unsigned)((b >> 48) & 0x3fffu) | 0x8000u,
             (unsigned long long)(b & 0xffffffffffffULL));
}

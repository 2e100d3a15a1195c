/* Identifiers of the simulated Hanami backend: lower-case random-looking v4 UUIDs and
 * opaque tokens, each a pure function of (seed, kind, counter) so runs repeat. */
#ifndef MOCK_HN_IDS_H
#define MOCK_HN_IDS_H

#include <stdint.h>

#define HN_UUID_LEN 36

/* Writes the UUID for (seed, kind, n) into out (37 bytes). */
void hn_make_uuid(uint64_t seed, const char *kind, uint64_t n, char out[HN_UUID_LEN + 1]);

#endif

/* Exact record of which bytes of a file of known size have arrived: a sorted list of
 * disjoint, non-adjacent half-open ranges. Completion means every byte 0..size-1 is
 * covered, not "every 128 KiB chunk touched once" (upstream's bitmap shortcut, which
 * reports a file complete while its unaligned tail is missing). */
#ifndef MOCK_HN_RANGES_H
#define MOCK_HN_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hn_range {
    uint64_t start, end;   /* [start, end) */
} hn_range;

typedef struct hn_ranges {
    uint64_t size;         /* declared file size */
    uint64_t covered;      /* bytes covered by the ranges */
    hn_range *r;
    size_t n, cap;
} hn_ranges;

void hn_ranges_init(hn_ranges *rs, uint64_t size);
void hn_ranges_free(hn_ranges *rs);

typedef enum {
    HN_RANGES_OK = 0,
    HN_RANGES_BEYOND_SIZE,  /* start + len > size (or overflows): nothing recorded */
    HN_RANGES_NO_MEMORY
} hn_ranges_result;

/* Records [start, start + len). Overlaps and resends merge; len 0 records nothing. */
hn_ranges_result hn_ranges_add(hn_ranges *rs, uint64_t start, uint64_t len);
/* Every byte of the file has arrived (a zero-size file is complete at once). */
bool hn_ranges_complete(const hn_ranges *rs);

#endif

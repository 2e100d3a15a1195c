#include "hn_ranges.h"

#include <stdlib.h>
#include <string.h>

void hn_ranges_init(hn_ranges *rs, uint64_t size)
{
    memset(rs, 0, sizeof *rs);
    rs->size = size;
}

void hn_ranges_free(hn_ranges *rs)
{
    free(rs->r);
    memset(rs, 0, sizeof *rs);
}

hn_ranges_result hn_ranges_add(hn_ranges *rs, uint64_t start, uint64_t len)
{
    if (start > rs->size || len > rs->size - start)
        return HN_RANGES_BEYOND_SIZE;
    if (len == 0)
        return HN_RANGES_OK;
    uint64_t end = start + len;
    /* First range that ends at or after start: it and the following ones that begin at
     * or before end touch the new range and merge with it. */
    size_t lo = 0, hi = rs->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->r[mid].end < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t first = lo, last = lo;
    while (last < rs->n && rs->r[last].start <= end)
        last++;
    if (first == last) {   /* touches nothing: insert */
        if (rs->n == rs->cap) {
            size_t cap = rs->cap ? rs->cap * 2 : 8;
            hn_range *grown = realloc(rs->r, cap * sizeof *grown);
            if (!grown)
                return HN_RANGES_NO_MEMORY;
            rs->r = grown;
            rs->cap = cap;
        }
        memmove(&rs->r[first + 1], &rs->r[first], (rs->n - first) * sizeof *rs->r);
        rs->r[first] = (hn_range){ start, end };
        rs->n++;
        rs->covered += len;
        return HN_RANGES_OK;
    }
    uint64_t ms = rs->r[first].start < start ? rs->r[first].start : start;
    uint64_t me = rs->r[last - 1].end > end ? rs->r[last - 1].end : end;
    for (size_t i = first; i < last; i++)
        rs->covered -= rs->r[i].end - rs->r[i].start;
    rs->r[first] = (hn_range){ ms, me };
    rs->covered += me - ms;
    memmove(&rs->r[first + 1], &rs->r[last], (rs->n - last) * sizeof *rs->r);
    rs->n -= last - first - 1;
    return HN_RANGES_OK;
}

bool hn_ranges_complete(const hn_ranges *rs)
{
    return rs->covered == rs->size;
}

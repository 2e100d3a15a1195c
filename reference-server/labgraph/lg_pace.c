#include "lg_pace.h"

#include <math.h>

uint64_t lg_pace_due(double rate_hz, uint64_t anchor_us, uint64_t emitted, uint64_t now_us)
{
    if (rate_hz <= 0 || now_us < anchor_us)
        return 0;
    /* +1: batch 0 is due at the anchor. The small epsilon keeps a timer that fires
     * exactly on a due time from being counted a tick early or late by rounding. */
    double elapsed_s = (double)(now_us - anchor_us) / 1e6;
    uint64_t total = (uint64_t)floor(elapsed_s * rate_hz + 1e-9) + 1;
    return total > emitted ? total - emitted : 0;
}

uint64_t lg_pace_due_at(double rate_hz, uint64_t anchor_us, uint64_t emitted)
{
    if (rate_hz <= 0)
        return anchor_us;
    return anchor_us + (uint64_t)ceil((double)emitted * 1e6 / rate_hz - 1e-6);
}

/* Pacing of generated batches, as pure arithmetic so it is tested without sockets or
 * clocks. A stream is anchored at a time; batch k (0-based) since the anchor is due at
 * anchor + k / rate_hz seconds, so batch 0 is due at the anchor itself. */
#ifndef LG_PACE_H
#define LG_PACE_H

#include <stdint.h>

/* Batches that should have been sent by now_us, minus the emitted ones (never negative). */
uint64_t lg_pace_due(double rate_hz, uint64_t anchor_us, uint64_t emitted, uint64_t now_us);
/* When batch number `emitted` (0-based since the anchor) falls due. */
uint64_t lg_pace_due_at(double rate_hz, uint64_t anchor_us, uint64_t emitted);

/* More than this many batches due at once (the loop stalled, or the client stopped
 * reading) re-anchors the stream instead of bursting. */
#define LG_PACE_MAX_BURST 32

#endif

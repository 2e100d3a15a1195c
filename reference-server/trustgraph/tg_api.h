/* The TrustGraph socket below the socket: one incoming frame in, every frame of its
 * answer out (with pauses), in the chosen profile. Envelope checks follow protocols
 * §1.4 in the gateway profile and the document in the spec profile. */
#ifndef TG_API_H
#define TG_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tg_frame.h"
#include "tg_out.h"
#include "trustgraph/tg_world.h"

/* The flow service kinds a profile knows (what blueprint "default" offers). */
const char *const *tg_flow_kinds(tg_profile p, size_t *count);
/* Builds the world for a profile. 0 or -1. */
int tg_world_init(mock_tg_world *w, tg_profile p, uint64_t seed, const mock_tg_opts *opts);

/* Handles one frame (text or binary: both are parsed as JSON). out receives at least one
 * message; the last is the final one. Returns 0, or -1 when memory ran out (out may then
 * hold a partial answer and must still be freed). */
int tg_handle(mock_tg_world *w, tg_profile p, const char *data, size_t len, tg_out *out);

/* The mock back end is slow on request: a request text "slow:<ms>" (in the places where
 * "fail:" makes it fail) delays the answer's first frame by ms, at most TG_SLOW_MAX_MS,
 * so a back end slower than the dialect's timeout_ms can be shown. The answer is otherwise
 * the one for that text. tg_slow_ms() reads the pause (0 when text is not such a text). */
#define TG_SLOW_PREFIX "slow:"
#define TG_SLOW_MAX_MS 600000u
uint32_t tg_slow_ms(const char *text);

/* The request id of a frame, for a dialect that must correlate a timeout or a duplicate
 * with it: a new copy, or NULL when the frame has none (or is not a JSON object). */
cJSON *tg_frame_id(const char *data, size_t len);

#endif

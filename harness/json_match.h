/* Partial JSON matching: does a value contain a pattern? Pure; works on cJSON trees.
 * A pattern object matches an object holding every key of the pattern with a matching
 * value (extra keys are fine); arrays match element by element and must have the same
 * length; numbers compare by value (7 matches 7.0; the string "0.1" never matches 0.1);
 * null matches null; a pattern value that is the "absent" marker asserts the key is
 * missing. */
#ifndef WSC_JSON_MATCH_H
#define WSC_JSON_MATCH_H

#include <stddef.h>
#include <cJSON.h>

/* The marker an object member of a pattern carries to assert "key missing": a cJSON
 * raw item with exactly this text (raw items never come out of the parser). */
#define WSC_JSON_ABSENT_RAW "\"\\u0000wsconf-absent\""

cJSON *wsc_json_absent_new(void);            /* caller owns the item */
int wsc_json_is_absent(const cJSON *item);

/* Returns 1 when value matches pattern, else 0 and (if path != NULL) writes the JSON
 * path of the first mismatch with the reason, e.g. "$.api_event.request_id: expected 7,
 * got 8", into path (NUL-terminated, truncated to pathlen). */
int wsc_json_match(const cJSON *pattern, const cJSON *value, char *path, size_t pathlen);

#endif

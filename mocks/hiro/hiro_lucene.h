/* The subset of Lucene query syntax the graph store answers for "query vertices":
 *   field:value   field:"quoted value"   field:*   *:*   field:$placeholder
 *   a AND b   a && b   a OR b   a || b   NOT a   !a   +a   -a   a b   ( ... )
 * Field names and bare values take backslash escapes (ogit\/_type); '*' and '?' are
 * wildcards in bare values; juxtaposed clauses follow Lucene: when any is required (+)
 * the others are optional, otherwise one must match; AND binds tighter than OR; a query
 * of only prohibited clauses matches everything else. Comparison is exact (case
 * included) against the attribute's text (numbers in shortest form, true/false), any
 * item of a list. Ranges, fuzzy and boosts are refused with a clear error. */
#ifndef HIRO_LUCENE_H
#define HIRO_LUCENE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define HIRO_LUCENE_MAX_LEN 65536
#define HIRO_LUCENE_MAX_DEPTH 32
#define HIRO_LUCENE_MAX_WILDCARD_TERM 1024 /* bytes of a value with '*' or '?' */

typedef struct hiro_lucene hiro_lucene;

/* Parses text; placeholders ($name as a whole value) are taken from params (an object
 * of strings or numbers; may be NULL). NULL with err (message, size) on failure. */
hiro_lucene *hiro_lucene_parse(const char *text, const cJSON *params, char *err, size_t errsize);
bool hiro_lucene_match(const hiro_lucene *q, const cJSON *element);
void hiro_lucene_free(hiro_lucene *q);

#endif

/* LabGraph sample sources: the deterministic data of generated samples. */
#ifndef MOCK_LG_SOURCE_H
#define MOCK_LG_SOURCE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "lg_config.h"

/* Decimal text that reads back as exactly d; buf >= 32 bytes. A multiple of 10^-6
 * below 9e9 is written as its exact decimal ("0.68299", "1700000000.25"), anything
 * else with "%.15g".."%.17g", the fewest digits that round-trip. Non-finite values give
 * "null". Returns buf. */
char *mock_lg_format_double(double d, char *buf);
/* A JSON number item whose text round-trips d exactly (caller owns the item). */
cJSON *mock_lg_json_number(double d);
/* The data of sample sample_index (0-based) of batch batch_num of stream s: one number
 * (kind float) or an array of s->length numbers (float_array). Caller owns the item;
 * NULL for a stream without data or when out of memory. */
cJSON *mock_lg_sample_data(const mock_lg_stream *s, uint64_t seed, uint64_t batch_num, uint64_t sample_index);

#endif

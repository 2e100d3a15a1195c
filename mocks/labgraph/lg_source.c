#include "lg_source.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rng.h"

/* Exact text of d when d is the double nearest m / 10^6 for an integer m < 2^53
 * (then strtod of "<m / 10^6>" gives d back, both being correctly rounded). Integer
 * arithmetic only: printf's float formatting dominated the streaming profile. */
static bool format_micros(double d, char *buf)
{
    if (!(d >= 0 && d < 9e9))
        return false;
    uint64_t m = (uint64_t)(d * 1e6 + 0.5);
    if ((double)m / 1e6 != d)
        return false;
    uint64_t whole = m / 1000000u;
    unsigned frac = (unsigned)(m % 1000000u);
    int n = snprintf(buf, 32, "%llu", (unsigned long long)whole);
    if (frac) {
        buf[n++] = '.';
        for (unsigned div = 100000; frac && div; div /= 10) {
            buf[n++] = (char)('0' + frac / div);
            frac %= div;
        }
        buf[n] = '\0';
    }
    return true;
}

char *mock_lg_format_double(double d, char *buf)
{
    if (!isfinite(d)) {
        strcpy(buf, "null");
        return buf;
    }
    if (format_micros(d, buf))
        return buf;
    /* cJSON's own printer accepts "%1.15g" when it is merely close to d, so samples
     * are printed here: a scenario recomputes them and compares exactly. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return buf;
}

cJSON *mock_lg_json_number(double d)
{
    char buf[32];
    return cJSON_CreateRaw(mock_lg_format_double(d, buf));
}

cJSON *mock_lg_sample_data(const mock_lg_stream *s, uint64_t seed, uint64_t batch_num, uint64_t sample_index)
{
    if (s->kind == MOCK_LG_DATA_FLOAT)
        return mock_lg_json_number(mock_rng_lg_value(seed, s->name, batch_num, sample_index, 0));
    if (s->kind != MOCK_LG_DATA_FLOAT_ARRAY)
        return NULL;
    cJSON *arr = cJSON_CreateArray();
    for (int e = 0; arr && e < s->length; e++) {
        cJSON *v = mock_lg_json_number(mock_rng_lg_value(seed, s->name, batch_num, sample_index, (uint64_t)e));
        if (!v || !cJSON_AddItemToArray(arr, v)) {
            cJSON_Delete(v);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

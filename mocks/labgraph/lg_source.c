#include "lg_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rng.h"

char *mock_lg_format_double(double d, char *buf)
{
    if (!isfinite(d)) {
        strcpy(buf, "null");
        return buf;
    }
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

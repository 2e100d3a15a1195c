#include "report_json.h"

const cJSON *wsc_json_member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

const char *wsc_json_string(const cJSON *o, const char *key)
{
    const cJSON *v = wsc_json_member(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *wsc_json_text(const cJSON *o, const char *key)
{
    const char *s = wsc_json_string(o, key);
    return s ? s : "";
}

double wsc_json_number(const cJSON *o, const char *key)
{
    const cJSON *v = wsc_json_member(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

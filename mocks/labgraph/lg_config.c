#include "lg_config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LG_MAX_BATCH_SIZE 100000
#define LG_MAX_LENGTH 1000000

static int cfg_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static bool cfg_is_int(const cJSON *j, double lo, double hi)
{
    return cJSON_IsNumber(j) && isfinite(j->valuedouble) && j->valuedouble == floor(j->valuedouble) &&
           j->valuedouble >= lo && j->valuedouble <= hi;
}

static int cfg_data(const cJSON *data, mock_lg_stream *s, char *err, size_t errlen)
{
    if (!cJSON_IsObject(data))
        return cfg_fail(err, errlen, "stream \"%s\": data must be an object", s->name);
    for (const cJSON *k = data->child; k; k = k->next)
        if (strcmp(k->string, "kind") != 0 && strcmp(k->string, "length") != 0)
            return cfg_fail(err, errlen, "stream \"%s\": unknown key \"%s\" in data", s->name, k->string);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(data, "kind");
    const cJSON *length = cJSON_GetObjectItemCaseSensitive(data, "length");
    if (!cJSON_IsString(kind))
        return cfg_fail(err, errlen, "stream \"%s\": data.kind must be \"float\" or \"float_array\"", s->name);
    if (strcmp(kind->valuestring, "float") == 0) {
        if (length)
            return cfg_fail(err, errlen, "stream \"%s\": data.length is only for float_array", s->name);
        s->kind = MOCK_LG_DATA_FLOAT;
        s->length = 1;
    } else if (strcmp(kind->valuestring, "float_array") == 0) {
        if (!cfg_is_int(length, 1, LG_MAX_LENGTH))
            return cfg_fail(err, errlen, "stream \"%s\": data.length must be an integer from 1 to %d",
                            s->name, LG_MAX_LENGTH);
        s->kind = MOCK_LG_DATA_FLOAT_ARRAY;
        s->length = (int)length->valuedouble;
    } else {
        return cfg_fail(err, errlen, "stream \"%s\": unknown data.kind \"%s\" (float, float_array)",
                        s->name, kind->valuestring);
    }
    return 0;
}

static const char *const cfg_stream_keys[] = { "name", "direction", "rate_hz", "batch_size", "data", "trained" };

static int cfg_stream(const cJSON *j, size_t index, mock_lg_stream *s, char *err, size_t errlen)
{
    if (!cJSON_IsObject(j))
        return cfg_fail(err, errlen, "streams[%zu] must be an object", index);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
    if (!cJSON_IsString(name) || name->valuestring[0] == '\0')
        return cfg_fail(err, errlen, "streams[%zu]: name must be a non-empty string", index);
    s->name = strdup(name->valuestring);
    if (!s->name)
        return cfg_fail(err, errlen, "out of memory");
    for (const cJSON *k = j->child; k; k = k->next) {
        bool known = false;
        for (size_t i = 0; i < sizeof cfg_stream_keys / sizeof cfg_stream_keys[0]; i++)
            known = known || strcmp(k->string, cfg_stream_keys[i]) == 0;
        if (!known)
            return cfg_fail(err, errlen, "stream \"%s\": unknown key \"%s\"", s->name, k->string);
    }
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(j, "direction");
    if (cJSON_IsString(dir) && strcmp(dir->valuestring, "input") == 0)
        s->direction = MOCK_LG_INPUT;
    else if (cJSON_IsString(dir) && strcmp(dir->valuestring, "output") == 0)
        s->direction = MOCK_LG_OUTPUT;
    else if (cJSON_IsString(dir))
        return cfg_fail(err, errlen, "stream \"%s\": unknown direction \"%s\" (input, output)", s->name,
                        dir->valuestring);
    else
        return cfg_fail(err, errlen, "stream \"%s\": direction must be \"input\" or \"output\"", s->name);

    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(j, "rate_hz");
    if (rate && !cJSON_IsNull(rate)) {
        if (!cJSON_IsNumber(rate) || !isfinite(rate->valuedouble))
            return cfg_fail(err, errlen, "stream \"%s\": rate_hz must be a number or null", s->name);
        if (rate->valuedouble < 0)
            return cfg_fail(err, errlen, "stream \"%s\": rate_hz must be >= 0, got %g", s->name,
                            rate->valuedouble);
        if (s->direction == MOCK_LG_INPUT)
            return cfg_fail(err, errlen, "stream \"%s\": an input stream has no rate_hz", s->name);
        s->has_rate = true;
        s->rate_hz = rate->valuedouble;
    }
    const cJSON *bs = cJSON_GetObjectItemCaseSensitive(j, "batch_size");
    s->batch_size = 1;
    if (bs) {
        if (cJSON_IsNumber(bs) && bs->valuedouble < 1)
            return cfg_fail(err, errlen, "stream \"%s\": batch_size must be >= 1, got %g", s->name,
                            bs->valuedouble);
        if (!cfg_is_int(bs, 1, LG_MAX_BATCH_SIZE))
            return cfg_fail(err, errlen, "stream \"%s\": batch_size must be an integer from 1 to %d", s->name,
                            LG_MAX_BATCH_SIZE);
        s->batch_size = (int)bs->valuedouble;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
    if (data && cfg_data(data, s, err, errlen) != 0)
        return -1;
    if (s->has_rate && s->kind == MOCK_LG_DATA_NONE)
        return cfg_fail(err, errlen, "stream \"%s\": a stream with rate_hz needs data", s->name);
    const cJSON *trained = cJSON_GetObjectItemCaseSensitive(j, "trained");
    s->trained = true;
    if (trained) {
        if (!cJSON_IsBool(trained))
            return cfg_fail(err, errlen, "stream \"%s\": trained must be true or false", s->name);
        s->trained = cJSON_IsTrue(trained);
    }
    return 0;
}

static int cfg_route(mock_lg_config *cfg, const cJSON *j, size_t index, char *err, size_t errlen)
{
    if (!cJSON_IsObject(j))
        return cfg_fail(err, errlen, "routes[%zu] must be an object", index);
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(j, "from");
    const cJSON *to = cJSON_GetObjectItemCaseSensitive(j, "to");
    if (!cJSON_IsString(from) || !cJSON_IsString(to))
        return cfg_fail(err, errlen, "routes[%zu]: from and to must be stream names", index);
    for (const cJSON *k = j->child; k; k = k->next)
        if (strcmp(k->string, "from") != 0 && strcmp(k->string, "to") != 0)
            return cfg_fail(err, errlen, "routes[%zu]: unknown key \"%s\"", index, k->string);
    const mock_lg_stream *f = mock_lg_config_find(cfg, from->valuestring);
    const mock_lg_stream *t = mock_lg_config_find(cfg, to->valuestring);
    if (!f)
        return cfg_fail(err, errlen, "routes[%zu]: from names unknown stream \"%s\"", index, from->valuestring);
    if (f->direction != MOCK_LG_INPUT)
        return cfg_fail(err, errlen, "routes[%zu]: from \"%s\" is not an input stream", index, from->valuestring);
    if (!t)
        return cfg_fail(err, errlen, "routes[%zu]: to names unknown stream \"%s\"", index, to->valuestring);
    if (t->direction != MOCK_LG_OUTPUT)
        return cfg_fail(err, errlen, "routes[%zu]: to \"%s\" is not an output stream", index, to->valuestring);
    cfg->routes[index].from = f;
    cfg->routes[index].to = t;
    return 0;
}

static int cfg_parse(const cJSON *json, mock_lg_config *cfg, char *err, size_t errlen)
{
    if (!cJSON_IsObject(json))
        return cfg_fail(err, errlen, "the LabGraph config must be a JSON object");
    for (const cJSON *k = json->child; k; k = k->next)
        if (strcmp(k->string, "streams") != 0 && strcmp(k->string, "routes") != 0)
            return cfg_fail(err, errlen, "unknown key \"%s\" (streams, routes)", k->string);
    const cJSON *streams = cJSON_GetObjectItemCaseSensitive(json, "streams");
    if (!cJSON_IsArray(streams))
        return cfg_fail(err, errlen, "\"streams\" must be an array");
    size_t n = (size_t)cJSON_GetArraySize(streams);
    cfg->streams = calloc(n ? n : 1, sizeof *cfg->streams);
    if (!cfg->streams)
        return cfg_fail(err, errlen, "out of memory");
    size_t i = 0;
    for (const cJSON *s = streams->child; s; s = s->next, i++) {
        cfg->nstreams = i + 1; /* so that a partly filled entry is freed on failure */
        if (cfg_stream(s, i, &cfg->streams[i], err, errlen) != 0)
            return -1;
        for (size_t k = 0; k < i; k++)
            if (strcmp(cfg->streams[k].name, cfg->streams[i].name) == 0)
                return cfg_fail(err, errlen, "duplicate stream name \"%s\"", cfg->streams[i].name);
    }
    const cJSON *routes = cJSON_GetObjectItemCaseSensitive(json, "routes");
    if (routes && !cJSON_IsArray(routes))
        return cfg_fail(err, errlen, "\"routes\" must be an array");
    size_t nr = routes ? (size_t)cJSON_GetArraySize(routes) : 0;
    cfg->routes = calloc(nr ? nr : 1, sizeof *cfg->routes);
    if (!cfg->routes)
        return cfg_fail(err, errlen, "out of memory");
    cfg->nroutes = nr;
    i = 0;
    for (const cJSON *r = routes ? routes->child : NULL; r; r = r->next, i++)
        if (cfg_route(cfg, r, i, err, errlen) != 0)
            return -1;
    return 0;
}

int mock_lg_config_from_json(const cJSON *json, mock_lg_config *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (cfg_parse(json, out, err, errlen) != 0) {
        mock_lg_config_free(out);
        return -1;
    }
    return 0;
}

int mock_lg_config_from_text(const char *text, mock_lg_config *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    cJSON *json = cJSON_Parse(text);
    if (!json) {
        const char *at = cJSON_GetErrorPtr();
        return cfg_fail(err, errlen, "not valid JSON (near byte %ld)", at ? (long)(at - text) : 0L);
    }
    int rc = mock_lg_config_from_json(json, out, err, errlen);
    cJSON_Delete(json);
    return rc;
}

int mock_lg_config_default(mock_lg_config *out, char *err, size_t errlen)
{
    return mock_lg_config_from_text(mock_lg_default_config, out, err, errlen);
}

void mock_lg_config_free(mock_lg_config *cfg)
{
    for (size_t i = 0; i < cfg->nstreams; i++)
        free(cfg->streams[i].name);
    free(cfg->streams);
    free(cfg->routes);
    memset(cfg, 0, sizeof *cfg);
}

const mock_lg_stream *mock_lg_config_find(const mock_lg_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nstreams; i++)
        if (cfg->streams[i].name && strcmp(cfg->streams[i].name, name) == 0)
            return &cfg->streams[i];
    return NULL;
}

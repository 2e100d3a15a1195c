/* LabGraph stream configuration: which stream names exist, their direction, pacing,
 * batch size, data shape and training state, and the transformer routes between them.
 * Format: mocks/README.md. */
#ifndef MOCK_LG_CONFIG_H
#define MOCK_LG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

typedef enum { MOCK_LG_INPUT, MOCK_LG_OUTPUT } mock_lg_direction;
typedef enum { MOCK_LG_DATA_NONE, MOCK_LG_DATA_FLOAT, MOCK_LG_DATA_FLOAT_ARRAY } mock_lg_data_kind;

typedef struct mock_lg_stream {
    char *name;                  /* owned */
    mock_lg_direction direction;
    bool has_rate;               /* false: produces nothing by itself (route-only or input) */
    double rate_hz;              /* batches per second; 0 = as fast as the socket drains */
    int batch_size;              /* samples per generated batch, >= 1 */
    mock_lg_data_kind kind;
    int length;                  /* elements of a float_array */
    bool trained;
} mock_lg_stream;

typedef struct mock_lg_route {
    const mock_lg_stream *from;  /* an input stream of the same config */
    const mock_lg_stream *to;    /* an output stream of the same config */
} mock_lg_route;

typedef struct mock_lg_config {
    mock_lg_stream *streams;     /* owned array */
    size_t nstreams;
    mock_lg_route *routes;       /* owned array */
    size_t nroutes;
} mock_lg_config;

/* Fills *out from a parsed JSON config. Returns 0, or -1 with a message naming the
 * offending entry in err (then *out holds nothing to free). */
int mock_lg_config_from_json(const cJSON *json, mock_lg_config *out, char *err, size_t errlen);
/* Same from JSON text. */
int mock_lg_config_from_text(const char *text, mock_lg_config *out, char *err, size_t errlen);
/* The embedded default config (mocks/labgraph/default-config.json). */
int mock_lg_config_default(mock_lg_config *out, char *err, size_t errlen);
void mock_lg_config_free(mock_lg_config *cfg);

const mock_lg_stream *mock_lg_config_find(const mock_lg_config *cfg, const char *name);

/* The embedded default config text. */
extern const char mock_lg_default_config[];

#endif

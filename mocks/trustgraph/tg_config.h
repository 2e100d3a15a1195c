/* TrustGraph configuration store: values (strings, usually JSON text) by (type, key),
 * with a version that grows by one with every changing operation. Types and keys are
 * kept in byte order so every listing is deterministic. */
#ifndef MOCK_TG_CONFIG_H
#define MOCK_TG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

typedef struct mock_tg_config {
    cJSON *types;      /* {type: {key: "value"}} */
    int64_t version;   /* 0 for an empty store */
    /* The last value read as JSON, kept until any change (flow lookups on every request). */
    cJSON *parsed;
    char *parsed_type, *parsed_key;
} mock_tg_config;

/* Returns 0, -1 when out of memory. */
int mock_tg_config_init(mock_tg_config *c);
void mock_tg_config_free(mock_tg_config *c);
/* The value, or NULL when absent (borrowed until the next change). */
const char *mock_tg_config_get(const mock_tg_config *c, const char *type, const char *key);
/* The value parsed as JSON (borrowed until the next change or the next call), or NULL
 * when absent or not JSON. */
const cJSON *mock_tg_config_get_json(mock_tg_config *c, const char *type, const char *key);
/* Sets one value without touching the version (a batch calls bump once). 0 or -1 (memory). */
int mock_tg_config_set(mock_tg_config *c, const char *type, const char *key, const char *value);
/* Removes one value without touching the version; true when it existed. An emptied
 * type disappears. */
bool mock_tg_config_remove(mock_tg_config *c, const char *type, const char *key);
/* Ends one changing operation: version + 1. Returns the new version. */
int64_t mock_tg_config_bump(mock_tg_config *c);
/* Keys of type in order, as a new JSON array of strings ([] for an unknown type). */
cJSON *mock_tg_config_keys(const mock_tg_config *c, const char *type);
/* [{type, key, value}] of type, in key order (new array). */
cJSON *mock_tg_config_values(const mock_tg_config *c, const char *type);
/* The whole store {type: {key: value}} (a new deep copy). */
cJSON *mock_tg_config_dump(const mock_tg_config *c);
/* The type object (borrowed), or NULL. */
const cJSON *mock_tg_config_type(const mock_tg_config *c, const char *type);

#endif

/* The --config file: a JSON object with one optional key per dialect. */
#ifndef WSRV_SERVER_CONFIG_H
#define WSRV_SERVER_CONFIG_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Reads and parses path. Returns the parsed object (caller frees with cJSON_Delete), or
 * NULL with "path: cause" in err. Keys must name known dialects. */
cJSON *wsrv_config_load(const char *path, char *err, size_t errlen);

#endif

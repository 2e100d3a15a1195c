/* LabGraph wire messages: parsing what an application sends and building what the
 * server sends, in the document's shapes and key order (labgraph-websockets-api.txt). */
#ifndef LG_MSG_H
#define LG_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

typedef enum {
    LG_ERR_INVALID_MESSAGE_FORMAT,
    LG_ERR_MESSAGE_NOT_SUPPORTED,
    LG_ERR_STREAM_ID_NOT_FOUND,
    LG_ERR_STREAM_ID_ALREADY_EXISTS,
    LG_ERR_NOT_TRAINED,
    LG_ERR_STREAM_ALREADY_REQUESTED,
    LG_ERR_NON_EXISTENT_STREAM,
    LG_ERR_COUNT
} lg_error;

/* "InvalidMessageFormat", ... */
const char *lg_error_name(lg_error e);
/* InvalidMessageFormat and MessageNotSupported carry no request_id; the others echo it. */
bool lg_error_has_request_id(lg_error e);

typedef enum { LG_IN_INVALID, LG_IN_START, LG_IN_END, LG_IN_BATCH } lg_in_kind;

/* A parsed incoming message. Pointers borrow from root. */
typedef struct lg_in {
    lg_in_kind kind;
    cJSON *root;                  /* owned; released by lg_in_free */
    const cJSON *api_version;
    const cJSON *request_id;      /* START, END */
    const char *stream_id;        /* START, END, BATCH */
    const char *stream_name;      /* START, BATCH */
    const cJSON *samples;         /* BATCH: an array */
    const cJSON *batch_num;       /* BATCH */
    lg_error error;               /* INVALID: InvalidMessageFormat or MessageNotSupported */
    char desc[256];               /* INVALID: why */
} lg_in;

/* Parses one complete message. Never fails to fill *out; free it with lg_in_free. */
void lg_msg_parse(const char *data, size_t len, bool binary, lg_in *out);
void lg_in_free(lg_in *in);

/* Builders: each returns a compact JSON text the caller frees with cJSON_free, or NULL
 * when out of memory. version_string: api_version "0.1" instead of the number 0.1. */
char *lg_msg_start_event(const cJSON *request_id, const char *stream_id, bool version_string);
char *lg_msg_end_event(const cJSON *request_id, const char *stream_id, bool version_string);
/* request_id NULL: the key is omitted. */
char *lg_msg_error(const cJSON *request_id, const char *code, const char *desc, bool version_string);
/* samples is consumed (an array). with_version: include "api_version": 0.1.
 * samples_as_object: {"0": s0, "1": s1, ...} instead of the array. */
char *lg_msg_batch(const char *stream_id, const char *name, cJSON *samples, int64_t batch_num,
                   bool with_version, bool samples_as_object);
/* One generated sample {"data", "produced_timestamp_s", "timestamp_s"}; data consumed. */
cJSON *lg_msg_sample(cJSON *data, double produced_s, double timestamp_s, bool omit_produced);
/* A deep copy of json whose numbers print exactly as they were read (caller owns). */
cJSON *lg_msg_copy_exact(const cJSON *json);

#endif

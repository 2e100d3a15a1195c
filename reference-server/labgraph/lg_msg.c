#include "lg_msg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labgraph/lg_source.h"

static const char *const lg_error_names[LG_ERR_COUNT] = {
    [LG_ERR_INVALID_MESSAGE_FORMAT] = "InvalidMessageFormat",
    [LG_ERR_MESSAGE_NOT_SUPPORTED] = "MessageNotSupported",
    [LG_ERR_STREAM_ID_NOT_FOUND] = "StreamIDNotFound",
    [LG_ERR_STREAM_ID_ALREADY_EXISTS] = "StreamIDAlreadyExists",
    [LG_ERR_NOT_TRAINED] = "NotTrained",
    [LG_ERR_STREAM_ALREADY_REQUESTED] = "StreamAlreadyRequested",
    [LG_ERR_NON_EXISTENT_STREAM] = "NonExistentStream",
};

const char *lg_error_name(lg_error e)
{
    return e < LG_ERR_COUNT ? lg_error_names[e] : "InternalError";
}

bool lg_error_has_request_id(lg_error e)
{
    return e != LG_ERR_INVALID_MESSAGE_FORMAT && e != LG_ERR_MESSAGE_NOT_SUPPORTED;
}

static void lg_in_invalid(lg_in *out, lg_error e, const char *fmt, ...)
{
    va_list ap;
    out->kind = LG_IN_INVALID;
    out->error = e;
    va_start(ap, fmt);
    vsnprintf(out->desc, sizeof out->desc, fmt, ap);
    va_end(ap);
}

static void lg_parse_start(const cJSON *req, lg_in *out)
{
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(req, "stream_id");
    if (!cJSON_IsString(sid)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "start_stream_request needs a string stream_id");
        return;
    }
    /* The stream name is the key that is neither stream_id nor app_id; the last one wins. */
    const char *name = NULL;
    for (const cJSON *k = req->child; k; k = k->next)
        if (strcmp(k->string, "stream_id") != 0 && strcmp(k->string, "app_id") != 0)
            name = k->string;
    if (!name) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "start_stream_request for stream_id \"%.64s\" names no stream",
                      sid->valuestring);
        return;
    }
    out->kind = LG_IN_START;
    out->stream_id = sid->valuestring;
    out->stream_name = name;
}

static void lg_parse_request(const cJSON *req, lg_in *out)
{
    if (!cJSON_IsObject(req)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "api_request must be an object");
        return;
    }
    out->request_id = cJSON_GetObjectItemCaseSensitive(req, "request_id");
    if (!out->request_id) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "api_request has no request_id");
        return;
    }
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(req, "start_stream_request");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(req, "end_stream_request");
    if (cJSON_IsObject(start)) {
        lg_parse_start(start, out);
    } else if (cJSON_IsObject(end)) {
        const cJSON *sid = cJSON_GetObjectItemCaseSensitive(end, "stream_id");
        if (!cJSON_IsString(sid)) {
            lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "end_stream_request needs a string stream_id");
            return;
        }
        out->kind = LG_IN_END;
        out->stream_id = sid->valuestring;
    } else {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED,
                      "api_request has no start_stream_request or end_stream_request object");
    }
}

static void lg_parse_batch(const cJSON *b, lg_in *out)
{
    if (!cJSON_IsObject(b)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "stream_batch must be an object");
        return;
    }
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(b, "stream_id");
    if (!cJSON_IsString(sid)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "stream_batch needs a string stream_id");
        return;
    }
    const cJSON *body = NULL;
    for (const cJSON *k = b->child; k; k = k->next)
        if (strcmp(k->string, "stream_id") != 0)
            body = k;
    if (!cJSON_IsObject(body)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "stream_batch for stream_id \"%.64s\" has no <StreamName> object",
                      sid->valuestring);
        return;
    }
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(body, "samples");
    const cJSON *num = cJSON_GetObjectItemCaseSensitive(body, "batch_num");
    if (!cJSON_IsArray(samples) || !cJSON_IsNumber(num)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED,
                      "stream_batch.%.64s needs a samples array and a numeric batch_num", body->string);
        return;
    }
    out->kind = LG_IN_BATCH;
    out->stream_id = sid->valuestring;
    out->stream_name = body->string;
    out->samples = samples;
    out->batch_num = num;
}

void lg_msg_parse(const char *data, size_t len, bool binary, lg_in *out)
{
    memset(out, 0, sizeof *out);
    if (binary) {
        lg_in_invalid(out, LG_ERR_INVALID_MESSAGE_FORMAT,
                      "binary frames are not supported: send JSON in a text frame (%zu bytes received)", len);
        return;
    }
    char *text = malloc(len + 1);
    if (!text) {
        lg_in_invalid(out, LG_ERR_INVALID_MESSAGE_FORMAT, "message of %zu bytes could not be buffered", len);
        return;
    }
    memcpy(text, data, len);
    text[len] = '\0';
    if (strlen(text) != len) {
        lg_in_invalid(out, LG_ERR_INVALID_MESSAGE_FORMAT, "not valid JSON: NUL byte at offset %zu", strlen(text));
        free(text);
        return;
    }
    const char *end = NULL;
    out->root = cJSON_ParseWithOpts(text, &end, 1);
    if (!out->root) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        lg_in_invalid(out, LG_ERR_INVALID_MESSAGE_FORMAT, "not valid JSON: parse error at byte %zu of %zu", at, len);
        free(text);
        return;
    }
    free(text);
    if (!cJSON_IsObject(out->root)) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "a message must be a JSON object");
        return;
    }
    out->api_version = cJSON_GetObjectItemCaseSensitive(out->root, "api_version");
    if (!out->api_version) {
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "message has no api_version");
        return;
    }
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(out->root, "api_request");
    const cJSON *batch = cJSON_GetObjectItemCaseSensitive(out->root, "stream_batch");
    if (req)
        lg_parse_request(req, out);
    else if (batch)
        lg_parse_batch(batch, out);
    else
        lg_in_invalid(out, LG_ERR_MESSAGE_NOT_SUPPORTED, "message has neither api_request nor stream_batch");
}

void lg_in_free(lg_in *in)
{
    cJSON_Delete(in->root);
    in->root = NULL;
}

static cJSON *lg_version(bool version_string)
{
    return version_string ? cJSON_CreateString("0.1") : cJSON_CreateNumber(0.1);
}

/* Prints root and frees it; NULL when any part failed to allocate. */
static char *lg_print(cJSON *root, bool ok)
{
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

/* Adds item under key; false (and item freed) on failure. */
static bool lg_add(cJSON *obj, const char *key, cJSON *item)
{
    if (!obj || !item || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

static char *lg_event(const cJSON *request_id, const char *kind, cJSON *body, bool version_string)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *ev = cJSON_CreateObject();
    bool ok = lg_add(root, "api_version", lg_version(version_string));
    ok = lg_add(root, "api_event", ev) && ok;
    if (!ok)
        ev = NULL;
    if (request_id)
        ok = lg_add(ev, "request_id", lg_msg_copy_exact(request_id)) && ok;
    ok = lg_add(ev, kind, body) && ok;
    return lg_print(root, ok);
}

static cJSON *lg_stream_id_body(const char *stream_id)
{
    cJSON *b = cJSON_CreateObject();
    if (b && !cJSON_AddStringToObject(b, "stream_id", stream_id)) {
        cJSON_Delete(b);
        return NULL;
    }
    return b;
}

char *lg_msg_start_event(const cJSON *request_id, const char *stream_id, bool version_string)
{
    return lg_event(request_id, "start_stream_event", lg_stream_id_body(stream_id), version_string);
}

char *lg_msg_end_event(const cJSON *request_id, const char *stream_id, bool version_string)
{
    return lg_event(request_id, "end_stream_event", lg_stream_id_body(stream_id), version_string);
}

char *lg_msg_error(const cJSON *request_id, const char *code, const char *desc, bool version_string)
{
    cJSON *body = cJSON_CreateObject();
    if (body && (!cJSON_AddStringToObject(body, "error_code", code) || !cJSON_AddStringToObject(body, "desc", desc))) {
        cJSON_Delete(body);
        body = NULL;
    }
    return lg_event(request_id, "error_event", body, version_string);
}

char *lg_msg_batch(const char *stream_id, const char *name, cJSON *samples, int64_t batch_num,
                   bool with_version, bool samples_as_object)
{
    if (samples_as_object && samples) {
        cJSON *obj = cJSON_CreateObject();
        int i = 0;
        cJSON *s;
        while (obj && (s = cJSON_DetachItemFromArray(samples, 0)) != NULL) {
            char key[24];
            snprintf(key, sizeof key, "%d", i++);
            if (!lg_add(obj, key, s)) {
                cJSON_Delete(obj);
                obj = NULL;
            }
        }
        cJSON_Delete(samples);
        samples = obj;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *sb = cJSON_CreateObject();
    cJSON *body = cJSON_CreateObject();
    bool ok = true;
    if (with_version)
        ok = lg_add(root, "api_version", cJSON_CreateNumber(0.1));
    ok = lg_add(root, "stream_batch", sb) && ok;
    if (!ok)
        sb = NULL;
    ok = lg_add(sb, "stream_id", cJSON_CreateString(stream_id)) && ok;
    ok = lg_add(sb, name, body) && ok;
    if (!ok)
        body = NULL;
    ok = lg_add(body, "samples", samples) && ok;
    ok = lg_add(body, "batch_num", cJSON_CreateNumber((double)batch_num)) && ok;
    return lg_print(root, ok);
}

cJSON *lg_msg_sample(cJSON *data, double produced_s, double timestamp_s, bool omit_produced)
{
    cJSON *s = cJSON_CreateObject();
    bool ok = lg_add(s, "data", data ? data : cJSON_CreateNull());
    if (!omit_produced)
        ok = lg_add(s, "produced_timestamp_s", mock_lg_json_number(produced_s)) && ok;
    ok = lg_add(s, "timestamp_s", mock_lg_json_number(timestamp_s)) && ok;
    if (!ok) {
        cJSON_Delete(s);
        return NULL;
    }
    return s;
}

cJSON *lg_msg_copy_exact(const cJSON *json)
{
    if (cJSON_IsNumber(json))
        return mock_lg_json_number(json->valuedouble);
    if (!cJSON_IsArray(json) && !cJSON_IsObject(json))
        return cJSON_Duplicate(json, 1);
    cJSON *copy = cJSON_IsArray(json) ? cJSON_CreateArray() : cJSON_CreateObject();
    for (const cJSON *c = json->child; copy && c; c = c->next) {
        cJSON *item = lg_msg_copy_exact(c);
        bool ok = cJSON_IsArray(json) ? item && cJSON_AddItemToArray(copy, item) : lg_add(copy, c->string, item);
        if (!ok) {
            if (cJSON_IsArray(json))
                cJSON_Delete(item);
            cJSON_Delete(copy);
            copy = NULL;
        }
    }
    return copy;
}

#include "hn_rest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hanami/hn_finalize.h"
#include "hanami/hn_validate.h"

/* The three generations of paths. Their responses differ slightly (see hn_rest.h). */
typedef enum { GEN_DOCUMENT, GEN_V041, GEN_V050 } generation;

typedef enum {
    EP_TOKEN,
    EP_MNIST,            /* POST create, PUT finalize */
    EP_CSV,
    EP_PROGRESS,
    EP_SET_MODE,
    EP_DIGEST,           /* wsconf extension */
    EP_UNKNOWN
} endpoint;

typedef struct route {
    const char *path;
    endpoint ep;
    generation gen;
} route;

static const route routes[] = {
    { "/v1/token", EP_TOKEN, GEN_DOCUMENT },
    { "/v1/mnist/dataset", EP_MNIST, GEN_DOCUMENT },
    { "/v1/csv/dataset", EP_CSV, GEN_DOCUMENT },
    { "/v1/dataset/progress", EP_PROGRESS, GEN_DOCUMENT },
    { "/v1/cluster/set_mode", EP_SET_MODE, GEN_DOCUMENT },
    { "/control/v1/token", EP_TOKEN, GEN_V041 },
    { "/control/v1/mnist/dataset", EP_MNIST, GEN_V041 },
    { "/control/v1/csv/dataset", EP_CSV, GEN_V041 },
    { "/control/v1/dataset/progress", EP_PROGRESS, GEN_V041 },
    { "/control/v1/cluster/set_mode", EP_SET_MODE, GEN_V041 },
    { "/v1.0alpha/token", EP_TOKEN, GEN_V050 },
    { "/v1.0alpha/dataset/upload/mnist", EP_MNIST, GEN_V050 },
    { "/v1.0alpha/dataset/upload/csv", EP_CSV, GEN_V050 },
    { "/v1.0alpha/dataset/progress", EP_PROGRESS, GEN_V050 },
    { "/v1.0alpha/cluster/set_mode", EP_SET_MODE, GEN_V050 },
    { "/wsconf/v1/dataset/digest", EP_DIGEST, GEN_DOCUMENT },
};

static const route *find_route(const char *path)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(routes[i].path, path) == 0)
            return &routes[i];
    return NULL;
}

/* Whether the endpoint takes the method (anything else is "no such endpoint"). */
static bool method_allowed(endpoint ep, const char *m)
{
    switch (ep) {
    case EP_TOKEN: return strcmp(m, "POST") == 0;
    case EP_MNIST:
    case EP_CSV: return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0;
    case EP_PROGRESS:
    case EP_DIGEST: return strcmp(m, "GET") == 0;
    case EP_SET_MODE: return strcmp(m, "PUT") == 0;
    case EP_UNKNOWN: return false;
    }
    return false;
}

/* --- responses --- */

static void reply_text(hn_state *st, wsrv_response *res, int status, const char *text)
{
    res->status = status;
    if (status == 500) {   /* upstream: empty body */
        res->content_type = "text/plain";
        return;
    }
    if (st->fault[MOCK_HN_ERROR_BODY_JSON]) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "error", text);
        res->body = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        res->content_type = "application/json";
    } else {
        res->body = strdup(text);
        res->content_type = "text/plain";
    }
    res->body_len = res->body ? strlen(res->body) : 0;
}

/* Upstream's success bodies: compact JSON, keys sorted, Content-Type text/json (sic).
 * Callers add keys in alphabetical order; takes ownership of o. */
static void reply_json(wsrv_response *res, cJSON *o, const char *content_type)
{
    res->status = 200;
    res->content_type = content_type;
    res->body = cJSON_PrintUnformatted(o);
    res->body_len = res->body ? strlen(res->body) : 0;
    if (!res->body)
        res->status = 500;
    cJSON_Delete(o);
}

static void add_created_at(cJSON *o, double when)
{
    time_t t = (time_t)when;
    struct tm tm;
    char buf[32];
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    cJSON_AddStringToObject(o, "created_at", buf);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec;
}

/* --- validation rules, alphabetical per endpoint --- */

#define NAME_REGEX_V041 "[a-zA-Z][a-zA-Z_0-9 ]*"
#define NAME_REGEX_V050 "[a-zA-Z][a-zA-Z_0-9 -]*"
#define SIZE_MAX_BYTES 10000000000LL

static const hn_rule token_rules[] = {
    { "id", HN_VALUE_STRING, true, "[a-zA-Z][a-zA-Z_0-9@]*", 4, 256 },
    { "password", HN_VALUE_STRING, true, NULL, 8, 4096 },
};
static const hn_rule token_rules_v050[] = {
    { "id", HN_VALUE_STRING, true, "[a-zA-Z][a-zA-Z_0-9@]*", 4, 254 },
    { "password", HN_VALUE_STRING, true, NULL, 8, 4096 },
};
static const hn_rule mnist_create_rules[] = {
    { "input_data_size", HN_VALUE_INT, true, NULL, 1, SIZE_MAX_BYTES },
    { "label_data_size", HN_VALUE_INT, true, NULL, 1, SIZE_MAX_BYTES },
    { "name", HN_VALUE_STRING, true, NAME_REGEX_V041, 4, 256 },
};
static const hn_rule mnist_create_rules_v050[] = {
    { "input_data_size", HN_VALUE_INT, true, NULL, 1, SIZE_MAX_BYTES },
    { "label_data_size", HN_VALUE_INT, true, NULL, 1, SIZE_MAX_BYTES },
    { "name", HN_VALUE_STRING, true, NAME_REGEX_V050, 4, 254 },
};
static const hn_rule csv_create_rules[] = {
    { "input_data_size", HN_VALUE_INT, true, NULL, 1, SIZE_MAX_BYTES },
    { "name", HN_VALUE_STRING, true, NAME_REGEX_V041, 4, 256 },
};
static const hn_rule csv_create_rules_v050[] = {
    { "input_data_size", HN_VALUE_INT, true, NULL, 1, SIZE_MAX_BYTES },
    { "name", HN_VALUE_STRING, true, NAME_REGEX_V050, 4, 254 },
};
static const hn_rule mnist_finalize_rules[] = {
    { "uuid", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
    { "uuid_input_file", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
    { "uuid_label_file", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
};
static const hn_rule csv_finalize_rules[] = {
    { "uuid", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
    { "uuid_input_file", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
};
static const hn_rule uuid_rules[] = {
    { "uuid", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
};
static const hn_rule set_mode_rules[] = {
    { "connection_uuid", HN_VALUE_STRING, false, NULL, 0, 0 },
    { "new_state", HN_VALUE_STRING, true, "TASK|DIRECT", 0, 0 },
    { "uuid", HN_VALUE_STRING, true, hn_uuid_regex, 0, 0 },
};
#define RULES(r) r, sizeof r / sizeof r[0]

/* The validation-order fault: missing keys first, and a wrong type reported as missing. */
static int validate(hn_state *st, const cJSON *in, const hn_rule *rules, size_t n, char *msg, size_t len)
{
    if (st->fault[MOCK_HN_VALIDATION_ORDER]) {
        for (size_t i = 0; i < n; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, rules[i].key);
            bool typed = v && (rules[i].type == HN_VALUE_STRING ? cJSON_IsString(v) : cJSON_IsNumber(v));
            if (rules[i].required && !typed) {
                snprintf(msg, len, "Validation failed, because variable '%s' is required, but is not set.", rules[i].key);
                return -1;
            }
        }
    }
    return hn_validate(in, rules, n, msg, len);
}

static const char *str(const cJSON *in, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* --- handlers --- */

static void do_token(hn_state *st, generation gen, const cJSON *in, wsrv_response *res)
{
    char msg[512];
    if (gen == GEN_V050 ? validate(st, in, RULES(token_rules_v050), msg, sizeof msg)
                        : validate(st, in, RULES(token_rules), msg, sizeof msg)) {
        reply_text(st, res, 400, msg);
        return;
    }
    const char *id = str(in, "id"), *password = str(in, "password");
    if (st->fault[MOCK_HN_LOGIN_ANY_PASSWORD])
        for (size_t i = 0; i < hn_user_count; i++)
            if (strcmp(hn_users[i].id, id) == 0)
                password = hn_users[i].password;
    const hn_user *u = NULL;
    char token[HN_TOKEN_LEN + 1];
    int status = hn_auth_login(&st->auth, id, password, &u, token, msg, sizeof msg);
    if (status != 200) {
        reply_text(st, res, status, msg);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", u->id);
    cJSON_AddBoolToObject(o, "is_admin", u->is_admin);
    cJSON_AddStringToObject(o, "name", u->name);
    cJSON_AddStringToObject(o, "token", token);
    reply_json(res, o, "text/json");
}

static void do_create(hn_state *st, generation gen, hn_dataset_type type, const hn_user *u, const cJSON *in,
                      wsrv_response *res)
{
    char msg[512];
    int bad = type == HN_DATASET_MNIST
                  ? (gen == GEN_V050 ? validate(st, in, RULES(mnist_create_rules_v050), msg, sizeof msg)
                                     : validate(st, in, RULES(mnist_create_rules), msg, sizeof msg))
                  : (gen == GEN_V050 ? validate(st, in, RULES(csv_create_rules_v050), msg, sizeof msg)
                                     : validate(st, in, RULES(csv_create_rules), msg, sizeof msg));
    if (bad) {
        reply_text(st, res, 400, msg);
        return;
    }
    uint64_t input = (uint64_t)cJSON_GetObjectItemCaseSensitive(in, "input_data_size")->valuedouble;
    uint64_t label = type == HN_DATASET_MNIST
                         ? (uint64_t)cJSON_GetObjectItemCaseSensitive(in, "label_data_size")->valuedouble
                         : 0;
    hn_dataset *d = hn_store_create(&st->store, type, str(in, "name"), input, label, u->id, u->project, wall_now());
    if (!d) {
        reply_text(st, res, 500, "");
        return;
    }
    cJSON *o = cJSON_CreateObject();
    if (gen == GEN_V050)
        add_created_at(o, d->created_at);
    cJSON_AddStringToObject(o, "name", d->name);
    cJSON_AddStringToObject(o, "owner_id", u->id);
    cJSON_AddStringToObject(o, "project_id", u->project);
    if (gen != GEN_V050)
        cJSON_AddStringToObject(o, "type", type == HN_DATASET_MNIST ? "mnist" : "csv");
    cJSON_AddStringToObject(o, "uuid", d->uuid);
    cJSON_AddStringToObject(o, "uuid_input_file", d->input_uuid);
    if (type == HN_DATASET_MNIST)
        cJSON_AddStringToObject(o, "uuid_label_file", d->label_uuid);
    else if (st->fault[MOCK_HN_CSV_LABEL_UUID])
        cJSON_AddStringToObject(o, "uuid_label_file", d->input_uuid);
    cJSON_AddStringToObject(o, "visibility", "private");
    reply_json(res, o, "text/json");
}

static void do_finalize(hn_state *st, hn_dataset_type type, const hn_user *u, const cJSON *in, wsrv_response *res)
{
    char msg[512];
    if (type == HN_DATASET_MNIST ? validate(st, in, RULES(mnist_finalize_rules), msg, sizeof msg)
                                 : validate(st, in, RULES(csv_finalize_rules), msg, sizeof msg)) {
        reply_text(st, res, 400, msg);
        return;
    }
    const char *uuid = str(in, "uuid"), *input = str(in, "uuid_input_file"), *label = str(in, "uuid_label_file");
    hn_dataset *d = hn_store_dataset(&st->store, uuid, u->project);
    if (!d || d->type != type) {
        snprintf(msg, sizeof msg, "Data-set with uuid '%s' not found", uuid);
        reply_text(st, res, 404, msg);
        return;
    }
    switch (hn_store_finalize(&st->store, d, input, label)) {
    case HN_FINALIZE_OK:
        break;
    case HN_FINALIZE_NO_INPUT:
        snprintf(msg, sizeof msg, "Input-data with uuid '%s' not found.", input);
        reply_text(st, res, 404, msg);
        return;
    case HN_FINALIZE_NO_LABEL:
        snprintf(msg, sizeof msg, "Label-data with uuid '%s' not found.", label);
        reply_text(st, res, 404, msg);
        return;
    case HN_FINALIZE_INCOMPLETE:
        /* Upstream converts whatever is there (zeros for missing bytes); refusing tells a
         * client that finalizes before progress says complete. */
        snprintf(msg, sizeof msg, "Data-set with uuid '%s' is not completely uploaded", uuid);
        reply_text(st, res, 409, msg);
        return;
    case HN_FINALIZE_BAD_CONTENT:
    case HN_FINALIZE_IO:
        reply_text(st, res, 500, "");
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "uuid", st->fault[MOCK_HN_FINALIZE_WRONG_UUID] ? input : d->uuid);
    reply_json(res, o, "text/json");
}

/* Upstream's bitmap: one bit per whole 128 KiB chunk (at least one), set by any write
 * starting in it. Here: the aligned part is covered from byte 0 (the fault's view). */
static bool complete_like_bitmap(const hn_tempfile *f)
{
    uint64_t aligned = f->ranges.size / HN_CHUNK * HN_CHUNK;
    if (aligned == 0)
        return f->ranges.n > 0 || f->ranges.size == 0;
    return f->ranges.n > 0 && f->ranges.r[0].start == 0 && f->ranges.r[0].end >= aligned;
}

static bool dataset_complete(hn_state *st, const hn_dataset *d)
{
    if (d->finalized)
        return true;
    for (hn_tempfile *f = st->store.files; f; f = f->next) {
        if (strcmp(f->dataset, d->uuid) != 0)
            continue;
        if (st->fault[MOCK_HN_MNIST_ONE_FILE_COMPLETE] && strcmp(f->uuid, d->input_uuid) != 0)
            continue;
        if (!(st->fault[MOCK_HN_COMPLETE_EARLY] ? complete_like_bitmap(f) : hn_ranges_complete(&f->ranges)))
            return false;
    }
    return true;
}

static void do_progress(hn_state *st, const hn_user *u, const cJSON *in, wsrv_response *res)
{
    char msg[512];
    if (validate(st, in, RULES(uuid_rules), msg, sizeof msg)) {
        reply_text(st, res, 400, msg);
        return;
    }
    const char *uuid = str(in, "uuid");
    hn_dataset *d = hn_store_dataset(&st->store, uuid, u->project);
    if (!d && !st->fault[MOCK_HN_PROGRESS_UNKNOWN_200]) {
        snprintf(msg, sizeof msg, "Data-set with uuid '%s' not found", uuid);
        reply_text(st, res, 404, msg);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    bool complete = d && dataset_complete(st, d);
    if (st->fault[MOCK_HN_PROGRESS_STRING_BOOL])
        cJSON_AddStringToObject(o, "complete", complete ? "true" : "false");
    else
        cJSON_AddBoolToObject(o, "complete", complete);
    cJSON_AddStringToObject(o, "uuid", uuid);
    reply_json(res, o, "text/json");
}

static void do_set_mode(hn_state *st, generation gen, const hn_user *u, const cJSON *in, wsrv_response *res)
{
    char msg[512];
    if (validate(st, in, RULES(set_mode_rules), msg, sizeof msg)) {
        reply_text(st, res, 400, msg);
        return;
    }
    const char *uuid = str(in, "uuid"), *state = str(in, "new_state");
    hn_cluster *c = hn_state_cluster(st, uuid, u->project);
    if (!c) {
        snprintf(msg, sizeof msg, "Cluster with uuid '%s' not found", uuid);
        reply_text(st, res, 404, msg);
        return;
    }
    hn_mode mode;
    hn_mode_parse(state, &mode);   /* the regex admitted only TASK and DIRECT */
    if (hn_cluster_set_mode(c, mode) != 0 && !st->fault[MOCK_HN_SET_MODE_200_NOT_409]) {
        snprintf(msg, sizeof msg, "Can not switch cluster to '%s'", state);
        reply_text(st, res, 409, msg);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    if (gen == GEN_V050)
        add_created_at(o, c->created_at);
    cJSON_AddStringToObject(o, "name", c->def->name);
    if (!st->fault[MOCK_HN_SET_MODE_NO_STATE])
        cJSON_AddStringToObject(o, "new_state", hn_mode_name(c->mode));
    cJSON_AddStringToObject(o, "uuid", c->def->uuid);
    reply_json(res, o, "text/json");
}

static void hex32(const unsigned char *d, char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* wsconf extension, not Hanami's API: size and SHA-256 of a finalized dataset. */
static void do_digest(hn_state *st, const hn_user *u, const cJSON *in, wsrv_response *res)
{
    char msg[512];
    if (validate(st, in, RULES(uuid_rules), msg, sizeof msg)) {
        reply_text(st, res, 400, msg);
        return;
    }
    const char *uuid = str(in, "uuid");
    hn_dataset *d = hn_store_dataset(&st->store, uuid, u->project);
    if (!d) {
        snprintf(msg, sizeof msg, "Data-set with uuid '%s' not found", uuid);
        reply_text(st, res, 404, msg);
        return;
    }
    if (!d->finalized) {
        snprintf(msg, sizeof msg, "Data-set with uuid '%s' is not finalized", uuid);
        reply_text(st, res, 409, msg);
        return;
    }
    unsigned char sha[32];
    memcpy(sha, d->sha256, sizeof sha);
    if (st->fault[MOCK_HN_FINALIZE_REORDERS] && d->type == HN_DATASET_CSV &&
        hn_hash_file_rotated(d->path, d->size, 65536, sha) != 0) {
        reply_text(st, res, 500, "");
        return;
    }
    char hex[65];
    hex32(sha, hex);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "columns", (double)d->columns);
    cJSON_AddNumberToObject(o, "records", (double)d->records);
    cJSON_AddStringToObject(o, "sha256", hex);
    cJSON_AddNumberToObject(o, "size", (double)d->size);
    cJSON_AddStringToObject(o, "type", d->type == HN_DATASET_MNIST ? "mnist" : "csv");
    cJSON_AddStringToObject(o, "uuid", d->uuid);
    cJSON_AddStringToObject(o, "wsconf_extension", "not part of Hanami's API");
    reply_json(res, o, "application/json");
}

void hn_rest_handle(hn_state *st, const wsrv_request *req, wsrv_response *res)
{
    /* 1. URI and body. GET takes its inputs from the query, the others from the JSON
     * body with the query merged in. */
    cJSON *in = hn_query_to_json(req->query);
    if (!in) {
        reply_text(st, res, 400, "Invalid query string");
        return;
    }
    if (strcmp(req->method, "GET") != 0 && req->body_len > 0) {
        cJSON *body = cJSON_ParseWithLength(req->body, req->body_len);
        if (!cJSON_IsObject(body)) {
            cJSON_Delete(body);
            cJSON_Delete(in);
            reply_text(st, res, 400, "Invalid JSON body: expected a JSON object");
            return;
        }
        for (cJSON *q = in->child; q; q = q->next)
            if (!cJSON_GetObjectItemCaseSensitive(body, q->string))
                cJSON_AddItemReferenceToObject(body, q->string, q);
        cJSON *merged = cJSON_Duplicate(body, 1);
        cJSON_Delete(body);
        cJSON_Delete(in);
        in = merged;
        if (!in) {
            reply_text(st, res, 500, "");
            return;
        }
    }
    const route *r = find_route(req->path);
    endpoint ep = r && method_allowed(r->ep, req->method) ? r->ep : EP_UNKNOWN;
    generation gen = r ? r->gen : GEN_DOCUMENT;

    /* 2. Token (not for token creation), 3. policy: unknown endpoints are denied. */
    if (ep == EP_TOKEN) {
        do_token(st, gen, in, res);
        cJSON_Delete(in);
        return;
    }
    const char *token = req->header ? req->header(req, "x-auth-token") : NULL;
    const hn_user *u = hn_auth_check(&st->auth, token);
    if (!u && st->fault[MOCK_HN_NO_TOKEN_ACCEPTED] && !token)
        u = &hn_users[0];
    if (!u) {
        reply_text(st, res, 401, "Failed to validate JWT-Token");
    } else if (ep == EP_UNKNOWN) {
        reply_text(st, res, 401, "Access denied by policy");
    } else if (ep == EP_MNIST || ep == EP_CSV) {
        hn_dataset_type type = ep == EP_MNIST ? HN_DATASET_MNIST : HN_DATASET_CSV;
        if (strcmp(req->method, "POST") == 0)
            do_create(st, gen, type, u, in, res);
        else
            do_finalize(st, type, u, in, res);
    } else if (ep == EP_PROGRESS) {
        do_progress(st, u, in, res);
    } else if (ep == EP_SET_MODE) {
        do_set_mode(st, gen, u, in, res);
    } else {
        do_digest(st, u, in, res);
    }
    cJSON_Delete(in);
}

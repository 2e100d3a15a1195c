/* The config and flow services (global). Gateway responses carry every field with its
 * default (protocols §1.7); spec responses carry the fields of the operation, with
 * values, flows and blueprint definitions as JSON objects rather than JSON text. */
#include "tg_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trustgraph/tg_flows.h"

/* A stored string as the profile shows it: gateway the text, spec the JSON it holds
 * (or the text when it is not JSON). */
static cJSON *value_out(const tg_call *c, const char *text)
{
    if (!text)
        return cJSON_CreateNull();
    if (!tg_gw(c)) {
        cJSON *j = cJSON_Parse(text);
        if (j)
            return j;
    }
    return cJSON_CreateString(text);
}

/* A request value as stored: strings as they are, anything else as its JSON text. */
static char *value_in(const cJSON *v)
{
    if (cJSON_IsString(v))
        return strdup(v->valuestring);
    return v ? cJSON_PrintUnformatted(v) : strdup("");
}

static cJSON *config_frame(const tg_call *c, int64_t version, cJSON *values, cJSON *directory, cJSON *config)
{
    cJSON *r = cJSON_CreateObject();
    if (tg_gw(c)) {
        cJSON_AddNumberToObject(r, "version", (double)version);
        cJSON_AddItemToObject(r, "values", values ? values : cJSON_CreateArray());
        cJSON_AddItemToObject(r, "directory", directory ? directory : cJSON_CreateArray());
        cJSON_AddItemToObject(r, "config", config ? config : cJSON_CreateObject());
        return r;
    }
    cJSON_AddNumberToObject(r, "version", (double)version);
    if (values)
        cJSON_AddItemToObject(r, "values", values);
    if (directory)
        cJSON_AddItemToObject(r, "directory", directory);
    if (config)
        cJSON_AddItemToObject(r, "config", config);
    return r;
}

static cJSON *spec_values(const tg_call *c, cJSON *values)
{
    cJSON *x;
    cJSON_ArrayForEach(x, values) {
        const char *v = tg_str(x, "value");
        if (v)
            cJSON_ReplaceItemInObjectCaseSensitive(x, "value", value_out(c, v));
    }
    return values;
}

static cJSON *spec_config(const tg_call *c, cJSON *config)
{
    cJSON *type;
    cJSON_ArrayForEach(type, config) {
        /* Replacing frees the old item: step on before replacing. */
        for (cJSON *kv = type->child, *next; kv; kv = next) {
            next = kv->next;
            if (!cJSON_IsString(kv))
                continue;
            cJSON *v = value_out(c, kv->valuestring);
            if (v && (v->string = strdup(kv->string)) != NULL)
                cJSON_ReplaceItemViaPointer(type, kv, v);
            else
                cJSON_Delete(v);
        }
    }
    return config;
}

void tg_svc_config(tg_call *c)
{
    mock_tg_config *store = &c->world->config;
    const char *op = tg_str(c->req, "operation");
    const char *type = tg_str(c->req, "type");
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(c->req, "keys");
    const cJSON *x;
    if (op && strcmp(op, "get") == 0) {
        cJSON *values = cJSON_CreateArray();
        cJSON_ArrayForEach(x, keys) {
            const char *t = tg_str(x, "type"), *k = tg_str(x, "key");
            cJSON *v = cJSON_CreateObject();
            cJSON_AddStringToObject(v, "type", t ? t : "");
            cJSON_AddStringToObject(v, "key", k ? k : "");
            cJSON_AddItemToObject(v, "value", value_out(c, t && k ? mock_tg_config_get(store, t, k) : NULL));
            cJSON_AddItemToArray(values, v);
        }
        tg_send(c, config_frame(c, store->version, values, NULL, NULL), true, 0);
    } else if (op && strcmp(op, "list") == 0) {
        tg_send(c, config_frame(c, store->version, NULL, mock_tg_config_keys(store, type ? type : ""), NULL), true, 0);
    } else if (op && strcmp(op, "getvalues") == 0) {
        cJSON *values = mock_tg_config_values(store, type ? type : "");
        tg_send(c, config_frame(c, store->version, tg_gw(c) ? values : spec_values(c, values), NULL, NULL), true, 0);
    } else if (op && strcmp(op, "config") == 0) {
        cJSON *dump = mock_tg_config_dump(store);
        tg_send(c, config_frame(c, store->version, NULL, NULL, tg_gw(c) ? dump : spec_config(c, dump)), true, 0);
    } else if (op && (strcmp(op, "put") == 0 || strcmp(op, "delete") == 0)) {
        bool put = op[0] == 'p';
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(c->req, put ? "values" : "keys")) {
            const char *t = tg_str(x, "type"), *k = tg_str(x, "key");
            if (!t || !k)
                continue;
            if (put) {
                char *v = value_in(cJSON_GetObjectItemCaseSensitive(x, "value"));
                if (v)
                    mock_tg_config_set(store, t, k, v);
                free(v);
            } else {
                mock_tg_config_remove(store, t, k);
            }
        }
        int64_t v = mock_tg_config_bump(store);
        /* The gateway leaves the version unset (0) on writes; the document reports the new one. */
        tg_send(c, config_frame(c, tg_gw(c) ? 0 : v, NULL, NULL, NULL), true, 0);
    } else {
        tg_fail(c, "bad-operation", "Bad operation");
    }
}

/* Gateway flow responses: every field with its default. */
static cJSON *flow_frame(const tg_call *c)
{
    cJSON *r = cJSON_CreateObject();
    if (tg_gw(c)) {
        cJSON_AddArrayToObject(r, "blueprint-names");
        cJSON_AddArrayToObject(r, "flow-ids");
        cJSON_AddStringToObject(r, "blueprint-definition", "");
        cJSON_AddStringToObject(r, "flow", "");
        cJSON_AddStringToObject(r, "description", "");
        cJSON_AddObjectToObject(r, "parameters");
    }
    return r;
}

static void set(cJSON *r, const char *key, cJSON *value)
{
    if (cJSON_GetObjectItemCaseSensitive(r, key))
        cJSON_ReplaceItemInObjectCaseSensitive(r, key, value);
    else
        cJSON_AddItemToObject(r, key, value);
}

static int failure(char *err, size_t len, const char *message)
{
    snprintf(err, len, "%s", message);
    return -1;
}

void tg_svc_flow(tg_call *c)
{
    mock_tg_config *store = &c->world->config;
    const char *op = tg_str(c->req, "operation");
    const char *bp = tg_str(c->req, "blueprint-name");
    const char *fid = tg_str(c->req, "flow-id");
    char err[200];
    int rc = 0;
    cJSON *r = flow_frame(c);
    if (op && strcmp(op, "list-blueprints") == 0) {
        set(r, "blueprint-names", mock_tg_config_keys(store, MOCK_TG_BLUEPRINT_TYPE));
    } else if (op && strcmp(op, "list-flows") == 0) {
        set(r, "flow-ids", mock_tg_config_keys(store, MOCK_TG_FLOW_TYPE));
    } else if (op && strcmp(op, "get-blueprint") == 0) {
        const char *def = mock_tg_flows_blueprint(store, bp);
        if (!bp)
            rc = failure(err, sizeof err, "No blueprint name");
        else if (!def)
            rc = failure(err, sizeof err, "Blueprint does not exist");
        else
            set(r, "blueprint-definition", value_out(c, def));
    } else if (op && strcmp(op, "put-blueprint") == 0) {
        const cJSON *def = cJSON_GetObjectItemCaseSensitive(c->req, "blueprint-definition");
        char *text = cJSON_IsString(def) ? strdup(def->valuestring) : def ? cJSON_PrintUnformatted(def) : NULL;
        rc = mock_tg_flows_put_blueprint(store, bp, text, err, sizeof err);
        free(text);
    } else if (op && strcmp(op, "delete-blueprint") == 0) {
        rc = mock_tg_flows_delete_blueprint(store, bp, err, sizeof err);
    } else if (op && strcmp(op, "get-flow") == 0) {
        const char *flow = mock_tg_flows_flow(store, fid);
        if (!fid)
            rc = failure(err, sizeof err, "No flow ID");
        else if (!flow)
            rc = failure(err, sizeof err, "Flow ID invalid");
        else
            set(r, "flow", value_out(c, flow));
        if (rc == 0 && !tg_gw(c))
            set(r, "flow-id", cJSON_CreateString(fid));
    } else if (op && strcmp(op, "start-flow") == 0) {
        rc = mock_tg_flows_start(store, bp, fid, tg_str(c->req, "description"),
                                 cJSON_GetObjectItemCaseSensitive(c->req, "parameters"), err, sizeof err);
        if (rc == 0 && !tg_gw(c))
            set(r, "flow-id", cJSON_CreateString(fid));
    } else if (op && strcmp(op, "stop-flow") == 0) {
        rc = mock_tg_flows_stop(store, fid, err, sizeof err);
    } else {
        cJSON_Delete(r);
        tg_fail(c, "bad-operation", "Bad operation");
        return;
    }
    if (rc != 0) {
        cJSON_Delete(r);
        tg_fail(c, "flow-error", err);
        return;
    }
    tg_send(c, r, true, 0);
}

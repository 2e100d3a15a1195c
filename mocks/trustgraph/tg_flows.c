#include "tg_flows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return -1;
}

/* Interfaces of a blueprint: each kind gets request and response queue names in which
 * "{id}" stands for the flow id. */
static cJSON *blueprint_json(const char *description, const char *const *kinds, size_t n,
                             const char *model_default)
{
    cJSON *bp = cJSON_CreateObject();
    cJSON_AddStringToObject(bp, "description", description);
    cJSON *params = cJSON_AddObjectToObject(bp, "parameters");
    cJSON *model = cJSON_AddObjectToObject(params, "model");
    cJSON_AddStringToObject(model, "type", "string");
    if (model_default)
        cJSON_AddStringToObject(model, "default", model_default);
    cJSON *ifs = cJSON_AddObjectToObject(bp, "interfaces");
    for (size_t i = 0; i < n; i++) {
        char q[160];
        cJSON *k = cJSON_AddObjectToObject(ifs, kinds[i]);
        snprintf(q, sizeof q, "request:tg/%s/{id}", kinds[i]);
        cJSON_AddStringToObject(k, "request", q);
        snprintf(q, sizeof q, "response:tg/%s/{id}", kinds[i]);
        cJSON_AddStringToObject(k, "response", q);
    }
    return bp;
}

static int put_json(mock_tg_config *c, const char *type, const char *key, const cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    int rc = text ? mock_tg_config_set(c, type, key, text) : -1;
    cJSON_free(text);
    return rc;
}

int mock_tg_flows_seed(mock_tg_config *c, const char *const *kinds, size_t nkinds)
{
    static const char *const minimal[] = { "text-completion", "embeddings" };
    cJSON *def = blueprint_json("Every service", kinds, nkinds, "mock-llm");
    cJSON *min = blueprint_json("Completion and embeddings only", minimal, 2, NULL);
    int rc = def && min ? 0 : -1;
    if (rc == 0)
        rc = put_json(c, MOCK_TG_BLUEPRINT_TYPE, "default", def);
    if (rc == 0)
        rc = put_json(c, MOCK_TG_BLUEPRINT_TYPE, "minimal", min);
    cJSON_Delete(def);
    cJSON_Delete(min);
    char err[128];
    if (rc == 0)
        rc = mock_tg_flows_start(c, "default", "default", "Default processing flow", NULL, err, sizeof err);
    if (rc == 0)
        c->version = 1;
    return rc;
}

const char *mock_tg_flows_blueprint(const mock_tg_config *c, const char *name)
{
    return name ? mock_tg_config_get(c, MOCK_TG_BLUEPRINT_TYPE, name) : NULL;
}

const char *mock_tg_flows_flow(const mock_tg_config *c, const char *flow_id)
{
    return flow_id ? mock_tg_config_get(c, MOCK_TG_FLOW_TYPE, flow_id) : NULL;
}

bool mock_tg_flows_running(const mock_tg_config *c, const char *flow_id)
{
    return mock_tg_flows_flow(c, flow_id) != NULL;
}

const cJSON *mock_tg_flows_record(mock_tg_config *c, const char *flow_id)
{
    return flow_id ? mock_tg_config_get_json(c, MOCK_TG_FLOW_TYPE, flow_id) : NULL;
}

bool mock_tg_flows_has_kind(mock_tg_config *c, const char *flow_id, const char *kind)
{
    const cJSON *flow = mock_tg_flows_record(c, flow_id);
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(flow, "interfaces"), kind) != NULL;
}

int mock_tg_flows_put_blueprint(mock_tg_config *c, const char *name, const char *definition,
                                char *err, size_t errlen)
{
    if (!name || !*name)
        return fail(err, errlen, "No blueprint name");
    cJSON *def = definition ? cJSON_Parse(definition) : NULL;
    if (!cJSON_IsObject(def)) {
        cJSON_Delete(def);
        return fail(err, errlen, "Blueprint definition must be a JSON object");
    }
    int rc = put_json(c, MOCK_TG_BLUEPRINT_TYPE, name, def);
    cJSON_Delete(def);
    if (rc != 0)
        return fail(err, errlen, "Out of memory");
    mock_tg_config_bump(c);
    return 0;
}

int mock_tg_flows_delete_blueprint(mock_tg_config *c, const char *name, char *err, size_t errlen)
{
    if (!name || !*name)
        return fail(err, errlen, "No blueprint name");
    if (!mock_tg_config_remove(c, MOCK_TG_BLUEPRINT_TYPE, name))
        return fail(err, errlen, "Blueprint does not exist");
    mock_tg_config_bump(c);
    return 0;
}

/* Replaces every "{id}" in s by id (malloc'd). */
static char *subst_id(const char *s, const char *id)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "{id}")); p += 4)
        n++;
    char *out = malloc(strlen(s) + n * strlen(id) + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const char *p = s; *p;) {
        if (strncmp(p, "{id}", 4) == 0) {
            o += sprintf(o, "%s", id);
            p += 4;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* A copy of interfaces with "{id}" resolved in every string. */
static cJSON *resolve(const cJSON *j, const char *id)
{
    if (cJSON_IsString(j)) {
        char *s = subst_id(j->valuestring, id);
        cJSON *r = s ? cJSON_CreateString(s) : NULL;
        free(s);
        return r;
    }
    if (!cJSON_IsObject(j) && !cJSON_IsArray(j))
        return cJSON_Duplicate(j, 1);
    cJSON *out = cJSON_IsObject(j) ? cJSON_CreateObject() : cJSON_CreateArray();
    const cJSON *m;
    cJSON_ArrayForEach(m, j) {
        cJSON *r = resolve(m, id);
        if (!r) {
            cJSON_Delete(out);
            return NULL;
        }
        if (cJSON_IsObject(j))
            cJSON_AddItemToObject(out, m->string, r);
        else
            cJSON_AddItemToArray(out, r);
    }
    return out;
}

int mock_tg_flows_start(mock_tg_config *c, const char *blueprint, const char *flow_id,
                        const char *description, const cJSON *parameters, char *err, size_t errlen)
{
    if (!blueprint)
        return fail(err, errlen, "No blueprint name");
    if (!flow_id)
        return fail(err, errlen, "No flow ID");
    if (mock_tg_flows_running(c, flow_id))
        return fail(err, errlen, "Flow already exists");
    if (!description)
        return fail(err, errlen, "No description");
    const char *text = mock_tg_flows_blueprint(c, blueprint);
    if (!text)
        return fail(err, errlen, "Blueprint does not exist");
    cJSON *bp = cJSON_Parse(text);
    cJSON *flow = cJSON_CreateObject();
    cJSON_AddStringToObject(flow, "description", description);
    cJSON_AddStringToObject(flow, "blueprint-name", blueprint);
    cJSON_AddItemToObject(flow, "interfaces", resolve(cJSON_GetObjectItemCaseSensitive(bp, "interfaces"), flow_id));
    cJSON *params = cJSON_AddObjectToObject(flow, "parameters");
    const cJSON *p;
    int rc = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(bp, "parameters")) {
        const cJSON *given = cJSON_GetObjectItemCaseSensitive(parameters, p->string);
        const cJSON *dflt = cJSON_GetObjectItemCaseSensitive(p, "default");
        if (cJSON_IsString(given)) {
            cJSON_AddStringToObject(params, p->string, given->valuestring);
        } else if (dflt) {
            if (cJSON_IsString(dflt))
                cJSON_AddStringToObject(params, p->string, dflt->valuestring);
            else
                cJSON_AddItemToObject(params, p->string, cJSON_Duplicate(dflt, 1));
        } else {
            snprintf(err, errlen, "Required parameter '%s' not provided and has no default", p->string);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && put_json(c, MOCK_TG_FLOW_TYPE, flow_id, flow) != 0)
        rc = fail(err, errlen, "Out of memory");
    if (rc == 0)
        mock_tg_config_bump(c);
    cJSON_Delete(bp);
    cJSON_Delete(flow);
    return rc;
}

int mock_tg_flows_stop(mock_tg_config *c, const char *flow_id, char *err, size_t errlen)
{
    if (!flow_id)
        return fail(err, errlen, "No flow ID");
    if (!mock_tg_config_remove(c, MOCK_TG_FLOW_TYPE, flow_id))
        return fail(err, errlen, "Flow ID invalid");
    mock_tg_config_bump(c);
    return 0;
}

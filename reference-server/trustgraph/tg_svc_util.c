#include "tg_svc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trustgraph/tg_flows.h"

bool tg_gw(const tg_call *c)
{
    return c->profile == TG_PROFILE_GATEWAY;
}

const char *tg_key(const tg_call *c, const char *gateway, const char *spec)
{
    return tg_gw(c) ? gateway : spec;
}

const char *tg_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool tg_bool(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

long tg_long(const cJSON *obj, const char *key, long dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return dflt;
    if (v->valuedouble > 1e15)
        return (long)1e15;
    if (v->valuedouble < -1e15)
        return (long)-1e15;
    return (long)v->valuedouble;
}

const cJSON *tg_member(const cJSON *obj, const char *const *keys)
{
    for (; *keys; keys++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, *keys);
        if (v)
            return v;
    }
    return NULL;
}

void tg_send(tg_call *c, cJSON *payload, bool final, uint32_t delay_ms)
{
    tg_frame_response(c->out, c->profile, c->id, payload, final, delay_ms);
}

void tg_fail(tg_call *c, const char *type, const char *message)
{
    tg_frame_service_error(c->out, c->profile, c->id, type, message, 0);
}

void tg_missing(tg_call *c, const char *field)
{
    char msg[160];
    if (tg_gw(c))
        snprintf(msg, sizeof msg, "'%s'", field);
    else
        snprintf(msg, sizeof msg, "Missing required field: %s", field);
    tg_frame_request_error(c->out, c->profile, c->id, msg);
}

static void copy_string(cJSON *to, const char *to_key, const cJSON *from, const char *from_key)
{
    const char *s = tg_str(from, from_key);
    if (s)
        cJSON_AddStringToObject(to, to_key, s);
}

/* Spec terms (RdfValue): literal datatype "d", language "l", quoted triple t = "r" with
 * the triple under "r"; IRIs and blank nodes pass through unchanged. */
cJSON *tg_term_in(const tg_call *c, const cJSON *term)
{
    if (!cJSON_IsObject(term))
        return NULL;
    if (tg_gw(c))
        return cJSON_Duplicate(term, 1);
    const char *t = tg_str(term, "t");
    cJSON *g = cJSON_CreateObject();
    if (t && strcmp(t, "l") == 0) {
        cJSON_AddStringToObject(g, "t", "l");
        copy_string(g, "v", term, "v");
        copy_string(g, "dt", term, "d");
        copy_string(g, "ln", term, "l");
    } else if (t && strcmp(t, "r") == 0) {
        cJSON_AddStringToObject(g, "t", "t");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(term, "r");
        cJSON *tr = cJSON_AddObjectToObject(g, "tr");
        static const char *const parts[] = { "s", "p", "o" };
        for (int i = 0; i < 3; i++) {
            cJSON *x = tg_term_in(c, cJSON_GetObjectItemCaseSensitive(r, parts[i]));
            if (x)
                cJSON_AddItemToObject(tr, parts[i], x);
        }
    } else {
        cJSON_Delete(g);
        g = cJSON_Duplicate(term, 1);
    }
    return g;
}

cJSON *tg_term_out(const tg_call *c, const cJSON *term)
{
    if (tg_gw(c) || !cJSON_IsObject(term))
        return cJSON_Duplicate(term, 1);
    const char *t = tg_str(term, "t");
    if (t && strcmp(t, "l") == 0) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "t", "l");
        copy_string(s, "v", term, "v");
        copy_string(s, "d", term, "dt");
        copy_string(s, "l", term, "ln");
        return s;
    }
    if (t && strcmp(t, "t") == 0) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "t", "r");
        cJSON_AddItemToObject(s, "r", tg_triple_out(c, cJSON_GetObjectItemCaseSensitive(term, "tr")));
        return s;
    }
    return cJSON_Duplicate(term, 1);
}

cJSON *tg_triple_out(const tg_call *c, const cJSON *triple)
{
    cJSON *t = cJSON_CreateObject();
    static const char *const parts[] = { "s", "p", "o", "g" };
    for (int i = 0; i < 4; i++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(triple, parts[i]);
        if (x)
            cJSON_AddItemToObject(t, parts[i], tg_term_out(c, x));
    }
    return t;
}

const char *tg_flow_model(const tg_call *c, char *buf, size_t len)
{
    const cJSON *flow = mock_tg_flows_record(&c->world->config, c->flow);
    const char *m = tg_str(cJSON_GetObjectItemCaseSensitive(flow, "parameters"), "model");
    snprintf(buf, len, "%s", m ? m : "mock-llm");
    return buf;
}

bool tg_vector_micro(const cJSON *v, unsigned dim, int64_t *out)
{
    if (!cJSON_IsArray(v))
        return false;
    for (unsigned i = 0; i < dim; i++)
        out[i] = 0;
    unsigned i = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, v) {
        if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
            return false;
        if (i < dim) {
            double m = x->valuedouble * 1e6;
            out[i] = (int64_t)(m > 1e12 ? 1e12 : m < -1e12 ? -1e12 : llround(m));
        }
        i++;
    }
    return true;
}

uint32_t tg_slow_ms(const char *text)
{
    size_t n = strlen(TG_SLOW_PREFIX);
    if (!text || strncmp(text, TG_SLOW_PREFIX, n) != 0)
        return 0;
    uint64_t ms = 0;
    const char *d = text + n;
    if (*d < '0' || *d > '9')
        return 0;
    for (; *d >= '0' && *d <= '9'; d++) {
        ms = ms * 10 + (uint64_t)(*d - '0');
        if (ms > TG_SLOW_MAX_MS)
            return TG_SLOW_MAX_MS;
    }
    return (uint32_t)ms;
}

bool tg_failure_requested(tg_call *c, const char *text, const char *type)
{
    c->slow_ms = tg_slow_ms(text);
    size_t n = strlen(TG_FAIL_PREFIX);
    if (!text || strncmp(text, TG_FAIL_PREFIX, n) != 0)
        return false;
    const char *m = text + n;
    while (*m == ' ')
        m++;
    tg_frame_service_error(c->out, c->profile, c->id, type, *m ? m : "Failure requested", c->world->opts.delay_ms);
    return true;
}

/* HIRO event construction and rendering. */
#include "hiro_event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TYPE_NAMES[HIRO_EV_TYPE_COUNT] = {
    "CREATE", "REPLACE", "UPDATE", "CONNECT", "DISCONNECT", "DELETE",
    "WRITE_TIMESERIES", "WRITE_BLOB", "DELETE_BLOB", "WRITE_LOG",
};

const char *hiro_event_type_name(hiro_event_type t)
{
    return (unsigned)t < HIRO_EV_TYPE_COUNT ? TYPE_NAMES[t] : NULL;
}

bool hiro_event_type_parse(const char *name, hiro_event_type *out)
{
    for (int i = 0; name && i < HIRO_EV_TYPE_COUNT; i++)
        if (strcmp(name, TYPE_NAMES[i]) == 0) {
            *out = (hiro_event_type)i;
            return true;
        }
    return false;
}

static const char *string_attr(const cJSON *element, const char *name)
{
    const cJSON *v = cJSON_IsObject(element) ? cJSON_GetObjectItemCaseSensitive(element, name) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void hiro_event_free(hiro_event *ev)
{
    if (!ev)
        return;
    free(ev->id);
    free(ev->scope);
    cJSON_Delete(ev->before);
    cJSON_Delete(ev->after);
    cJSON_Delete(ev->metadata);
    free(ev);
}

hiro_event *hiro_event_new(hiro_event_type type, const cJSON *before, const cJSON *after,
                           const hiro_event_meta *meta)
{
    if ((unsigned)type >= HIRO_EV_TYPE_COUNT)
        return NULL;
    if ((before && !cJSON_IsObject(before)) || (after && !cJSON_IsObject(after)))
        return NULL;
    const char *id = string_attr(after, "ogit/_id");
    if (!id)
        id = string_attr(before, "ogit/_id");
    if (!id)
        return NULL;
    const char *scope = string_attr(after, "ogit/_scope");
    if (!scope)
        scope = string_attr(before, "ogit/_scope");

    hiro_event *ev = calloc(1, sizeof *ev);
    if (!ev)
        return NULL;
    ev->type = type;
    ev->id = strdup(id);
    ev->scope = scope ? strdup(scope) : NULL;
    ev->before = before ? cJSON_Duplicate(before, true) : NULL;
    ev->after = after ? cJSON_Duplicate(after, true) : NULL;
    ev->timestamp = meta ? meta->modified_on : 0;
    ev->metadata = cJSON_CreateObject();
    bool ok = ev->id && (!scope || ev->scope) && (!before || ev->before) && (!after || ev->after) && ev->metadata;
    if (ok) {
        ok = cJSON_AddStringToObject(ev->metadata, "ogit/_modified-by",
                                     meta && meta->modified_by ? meta->modified_by : "") &&
             cJSON_AddStringToObject(ev->metadata, "ogit/_modified-by-app",
                                     meta && meta->modified_by_app ? meta->modified_by_app : "") &&
             cJSON_AddNumberToObject(ev->metadata, "ogit/_modified-on", (double)ev->timestamp);
    }
    if (!ok) {
        hiro_event_free(ev);
        return NULL;
    }
    return ev;
}

const cJSON *hiro_event_element(const hiro_event *ev)
{
    return ev->after ? ev->after : ev->before;
}

/* Adds a copy of v under prefix+key; false when out of memory. */
static bool add_prefixed(cJSON *obj, char prefix, const char *key, const cJSON *v)
{
    size_t n = strlen(key);
    char *name = malloc(n + 2);
    cJSON *copy = cJSON_Duplicate(v, true);
    if (!name || !copy) {
        free(name);
        cJSON_Delete(copy);
        return false;
    }
    name[0] = prefix;
    memcpy(name + 1, key, n + 1);
    bool ok = cJSON_AddItemToObject(obj, name, copy);
    if (!ok)
        cJSON_Delete(copy);
    free(name);
    return ok;
}

cJSON *hiro_event_delta(const cJSON *before, const cJSON *after)
{
    cJSON *d = cJSON_CreateObject();
    if (!d)
        return NULL;
    const cJSON *b = cJSON_IsObject(before) ? before : NULL;
    const cJSON *a = cJSON_IsObject(after) ? after : NULL;
    for (const cJSON *it = a ? a->child : NULL; it; it = it->next) {
        const cJSON *old = b ? cJSON_GetObjectItemCaseSensitive(b, it->string) : NULL;
        if (!old) {
            if (!add_prefixed(d, '+', it->string, it))
                goto oom;
        } else if (!cJSON_Compare(old, it, true)) {
            if (!add_prefixed(d, '=', it->string, it))
                goto oom;
        }
    }
    for (const cJSON *it = b ? b->child : NULL; it; it = it->next) {
        if (!a || !cJSON_GetObjectItemCaseSensitive(a, it->string))
            if (!add_prefixed(d, '-', it->string, it))
                goto oom;
    }
    return d;
oom:
    cJSON_Delete(d);
    return NULL;
}

cJSON *hiro_event_to_json(const hiro_event *ev, bool delta)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON *body = delta ? hiro_event_delta(ev->before, ev->after)
                        : cJSON_Duplicate(hiro_event_element(ev), true);
    cJSON *md = cJSON_Duplicate(ev->metadata, true);
    /* Integers below 10^15 print exactly with cJSON ("%1.15g"). */
    bool ok = body && md && cJSON_AddStringToObject(o, "id", ev->id) &&
              cJSON_AddStringToObject(o, "type", hiro_event_type_name(ev->type)) &&
              cJSON_AddNumberToObject(o, "timestamp", (double)ev->timestamp) &&
              cJSON_AddNumberToObject(o, "nanotime", (double)ev->nanotime);
    if (ok && cJSON_AddItemToObject(o, "body", body)) {
        body = NULL;
        if (cJSON_AddItemToObject(o, "metadata", md))
            return o;
    }
    cJSON_Delete(body);
    cJSON_Delete(md);
    cJSON_Delete(o);
    return NULL;
}

char *hiro_event_to_text(const hiro_event *ev, bool delta)
{
    cJSON *o = hiro_event_to_json(ev, delta);
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return s;
}

char *hiro_edge_id(const char *out_id, const char *verb, const char *in_id)
{
    size_t n = strlen(out_id) + strlen(verb) + strlen(in_id) + 5;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s$$%s$$%s", out_id, verb, in_id);
    return s;
}

cJSON *hiro_edge_element(const char *out_id, const char *out_type, const char *verb, const char *in_id,
                         const char *in_type, int64_t created_on)
{
    char *id = hiro_edge_id(out_id, verb, in_id);
    cJSON *e = cJSON_CreateObject();
    bool ok = id && e && cJSON_AddStringToObject(e, "ogit/_id", id) &&
              cJSON_AddStringToObject(e, "ogit/_edge-id", id) && cJSON_AddStringToObject(e, "ogit/_type", verb) &&
              cJSON_AddStringToObject(e, "ogit/_out-id", out_id) &&
              (!out_type || cJSON_AddStringToObject(e, "ogit/_out-type", out_type)) &&
              cJSON_AddStringToObject(e, "ogit/_in-id", in_id) &&
              (!in_type || cJSON_AddStringToObject(e, "ogit/_in-type", in_type)) &&
              cJSON_AddStringToObject(e, "ogit/_graphtype", "edge") &&
              cJSON_AddNumberToObject(e, "ogit/_created-on", (double)created_on) &&
              cJSON_AddFalseToObject(e, "ogit/_is-deleted");
    free(id);
    if (!ok) {
        cJSON_Delete(e);
        return NULL;
    }
    return e;
}

#include "tg_frame.h"

#include <string.h>

int tg_profile_parse(const char *name, tg_profile *out)
{
    if (!name || !*name || strcmp(name, "spec") == 0) {
        *out = TG_PROFILE_SPEC;
        return 0;
    }
    if (strcmp(name, "gateway") == 0) {
        *out = TG_PROFILE_GATEWAY;
        return 0;
    }
    return -1;
}

const char *tg_profile_name(tg_profile p)
{
    return p == TG_PROFILE_GATEWAY ? "gateway" : "spec";
}

/* What decides whether the gateway echoes an id on its own errors. */
bool tg_truthy(const cJSON *v)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return false;
    if (cJSON_IsNumber(v))
        return v->valuedouble != 0;
    if (cJSON_IsString(v))
        return v->valuestring[0] != '\0';
    if (cJSON_IsArray(v) || cJSON_IsObject(v))
        return v->child != NULL;
    return true;
}

static int emit(tg_out *out, cJSON *frame, uint32_t delay_ms)
{
    char *text = frame ? cJSON_PrintUnformatted(frame) : NULL;
    cJSON_Delete(frame);
    return tg_out_push(out, delay_ms, text);
}

static cJSON *start(const cJSON *id, bool echo)
{
    cJSON *f = cJSON_CreateObject();
    if (f && id && echo)
        cJSON_AddItemToObject(f, "id", cJSON_Duplicate(id, 1));
    return f;
}

static cJSON *error_object(const char *first_key, const char *first, const char *second_key, const char *second)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, first_key, first);
    cJSON_AddStringToObject(e, second_key, second);
    return e;
}

int tg_frame_response(tg_out *out, tg_profile p, const cJSON *id, cJSON *payload, bool final, uint32_t delay_ms)
{
    cJSON *f = start(id, true);
    if (!f || !payload) {
        cJSON_Delete(f);
        cJSON_Delete(payload);
        out->oom = 1;
        return -1;
    }
    cJSON_AddItemToObject(f, "response", payload);
    if (p == TG_PROFILE_GATEWAY)
        cJSON_AddBoolToObject(f, "complete", final);
    return emit(out, f, delay_ms);
}

int tg_frame_gateway_error(tg_out *out, tg_profile p, const cJSON *id, const char *message)
{
    if (p == TG_PROFILE_GATEWAY) {
        cJSON *f = start(id, tg_truthy(id));
        cJSON_AddItemToObject(f, "error", error_object("message", message, "type", "error"));
        cJSON_AddBoolToObject(f, "complete", true);
        return emit(out, f, 0);
    }
    cJSON *f = start(id, true);
    cJSON_AddItemToObject(f, "error", error_object("type", "gateway-error", "message", message));
    return emit(out, f, 0);
}

int tg_frame_service_error(tg_out *out, tg_profile p, const cJSON *id, const char *type, const char *message,
                           uint32_t delay_ms)
{
    cJSON *f = start(id, true);
    cJSON *e = error_object("type", type, "message", message);
    if (p == TG_PROFILE_GATEWAY) {
        cJSON *r = cJSON_AddObjectToObject(f, "response");
        cJSON_AddItemToObject(r, "error", e);
        cJSON_AddBoolToObject(f, "complete", true);
    } else {
        cJSON_AddItemToObject(f, "error", e);
    }
    return emit(out, f, delay_ms);
}

int tg_frame_request_error(tg_out *out, tg_profile p, const cJSON *id, const char *message)
{
    if (p == TG_PROFILE_GATEWAY)
        return tg_frame_service_error(out, p, id, "gateway-error", message, 0);
    return tg_frame_gateway_error(out, p, id, message);
}

int tg_frame_load_error(tg_out *out, tg_profile p, const cJSON *id, const char *message)
{
    if (p != TG_PROFILE_GATEWAY)
        return tg_frame_service_error(out, p, id, "load-error", message, 0);
    cJSON *f = start(id, true);
    cJSON *r = cJSON_AddObjectToObject(f, "response");
    cJSON_AddStringToObject(r, "error", message);
    cJSON_AddBoolToObject(f, "complete", true);
    return emit(out, f, 0);
}

int tg_frame_timeout(tg_out *out, tg_profile p, const cJSON *id)
{
    return tg_frame_request_error(out, p, id, "Timeout");
}

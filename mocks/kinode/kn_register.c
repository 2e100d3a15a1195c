#include "kn_register.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kn_utf8.h"

const char *kn_reg_status_name(kn_reg_status s)
{
    switch (s) {
    case KN_REG_OK: return "ok";
    case KN_REG_NOT_UTF8: return "not UTF-8";
    case KN_REG_BAD_JSON: return "not JSON";
    case KN_REG_NOT_OBJECT: return "not an object";
    case KN_REG_MISSING_FIELD: return "missing field";
    case KN_REG_WRONG_TYPE: return "wrong field type";
    case KN_REG_DUPLICATE_FIELD: return "duplicate field";
    case KN_REG_BAD_TARGET: return "bad target_process";
    }
    return "unknown";
}

bool kn_process_id_valid(const char *id)
{
    size_t colons = 0;
    for (const char *p = id; *p; p++)
        colons += *p == ':';
    return colons == 2;
}

void kn_register_free(kn_ws_register *r)
{
    free(r->auth_token);
    free(r->target_process);
    memset(r, 0, sizeof *r);
}

static bool kn_only_space(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    return true;
}

/* Field checks over the parsed object: each known key at most once, with its type. */
static kn_reg_status kn_register_fields(const cJSON *obj, const kn_register_faults *f, kn_ws_register *out)
{
    const cJSON *tok = NULL, *target = NULL, *enc = NULL;
    for (const cJSON *it = obj->child; it; it = it->next) {
        const cJSON **slot = strcmp(it->string, "auth_token") == 0       ? &tok
                             : strcmp(it->string, "target_process") == 0 ? &target
                             : strcmp(it->string, "encrypted") == 0      ? &enc
                                                                         : NULL;
        if (!slot) {
            if (f && f->extra_keys_refused)
                return KN_REG_WRONG_TYPE;
            continue; /* unknown keys are ignored */
        }
        if (*slot)
            return KN_REG_DUPLICATE_FIELD;
        *slot = it;
    }
    if (!tok || !target || (!enc && !(f && f->encrypted_optional)))
        return KN_REG_MISSING_FIELD;
    if (!cJSON_IsString(tok) || !cJSON_IsString(target) || (enc && !cJSON_IsBool(enc)))
        return KN_REG_WRONG_TYPE;
    if (!kn_process_id_valid(target->valuestring) && !(f && f->target_unchecked))
        return KN_REG_BAD_TARGET;
    out->auth_token = strdup(tok->valuestring);
    out->target_process = strdup(target->valuestring);
    out->encrypted = cJSON_IsTrue(enc);
    if (!out->auth_token || !out->target_process) {
        kn_register_free(out);
        return KN_REG_BAD_JSON;
    }
    return KN_REG_OK;
}

kn_reg_status kn_register_parse(const char *data, size_t len, const kn_register_faults *faults,
                                kn_ws_register *out)
{
    memset(out, 0, sizeof *out);
    if (!data || len == 0)
        return KN_REG_BAD_JSON;
    if (!kn_utf8_valid(data, len))
        return KN_REG_NOT_UTF8;
    /* cJSON stops at a NUL; the real parser treats a raw NUL as an error too. */
    if (memchr(data, '\0', len))
        return KN_REG_BAD_JSON;
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(data, len, &end, false);
    if (!v)
        return KN_REG_BAD_JSON;
    kn_reg_status st;
    if (!end || !kn_only_space(end, data + len))
        st = KN_REG_BAD_JSON;
    else if (!cJSON_IsObject(v))
        st = KN_REG_NOT_OBJECT;
    else
        st = kn_register_fields(v, faults, out);
    cJSON_Delete(v);
    return st;
}

/* The HIRO dialect's configuration (its key of --config); every key is optional. */
#include <stdio.h>
#include <string.h>

#include "hiro_internal.h"

static const char *const known_keys[] = { "tls", "lenient_subprotocols", "legacy_aliases", "token_key",
                                          "blob_chunk", "token_lifetime_s", NULL };

static int read_bool(const cJSON *json, const char *key, bool *out, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(json, key);
    if (!v)
        return 0;
    if (!cJSON_IsBool(v)) {
        snprintf(err, errlen, "hiro config: \"%s\" must be true or false", key);
        return -1;
    }
    *out = cJSON_IsTrue(v);
    return 0;
}

int hiro_config_load(const cJSON *json, hiro_config *cfg, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->tls = true;
    cfg->legacy_aliases = true;
    snprintf(cfg->token_key, sizeof cfg->token_key, "%s", HIRO_DEFAULT_TOKEN_KEY);
    cfg->blob_chunk = HIRO_DEFAULT_BLOB_CHUNK;
    cfg->token_lifetime_s = 3600;
    if (!json)
        return 0;
    if (!cJSON_IsObject(json)) {
        snprintf(err, errlen, "hiro config: must be an object");
        return -1;
    }
    for (const cJSON *it = json->child; it; it = it->next) {
        bool known = false;
        for (size_t i = 0; known_keys[i]; i++)
            known = known || strcmp(it->string, known_keys[i]) == 0;
        if (!known) {
            snprintf(err, errlen, "hiro config: unknown key \"%s\"", it->string);
            return -1;
        }
    }
    if (read_bool(json, "tls", &cfg->tls, err, errlen) || read_bool(json, "lenient_subprotocols", &cfg->lenient, err, errlen) ||
        read_bool(json, "legacy_aliases", &cfg->legacy_aliases, err, errlen))
        return -1;
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(json, "token_key");
    if (key) {
        if (!cJSON_IsString(key) || !key->valuestring[0] || strlen(key->valuestring) >= sizeof cfg->token_key) {
            snprintf(err, errlen, "hiro config: \"token_key\" must be a string of 1 to %zu bytes",
                     sizeof cfg->token_key - 1);
            return -1;
        }
        snprintf(cfg->token_key, sizeof cfg->token_key, "%s", key->valuestring);
    }
    const cJSON *chunk = cJSON_GetObjectItemCaseSensitive(json, "blob_chunk");
    if (chunk) {
        if (!cJSON_IsNumber(chunk) || chunk->valuedouble < 3 || chunk->valuedouble > 4194304) {
            snprintf(err, errlen, "hiro config: \"blob_chunk\" must be a number of bytes from 3 to 4194304");
            return -1;
        }
        cfg->blob_chunk = (size_t)chunk->valuedouble;
    }
    const cJSON *life = cJSON_GetObjectItemCaseSensitive(json, "token_lifetime_s");
    if (life) {
        if (!cJSON_IsNumber(life) || life->valuedouble < 1 || life->valuedouble > 31536000) {
            snprintf(err, errlen, "hiro config: \"token_lifetime_s\" must be a number of seconds from 1 to 31536000");
            return -1;
        }
        cfg->token_lifetime_s = (int64_t)life->valuedouble;
    }
    return 0;
}

int hiro_apply_profile(const char *profile, const cJSON *json, hiro_config *cfg, char *err, size_t errlen)
{
    if (!profile)
        return 0;
    bool lenient;
    if (strcmp(profile, "strict") == 0) {
        lenient = false;
    } else if (strcmp(profile, "lenient") == 0) {
        lenient = true;
    } else {
        snprintf(err, errlen, "unknown profile \"%s\" (strict, lenient)", profile);
        return -1;
    }
    /* a run that expects one mode must never meet a server configured for the other */
    if (cJSON_GetObjectItemCaseSensitive(json, "lenient_subprotocols") && cfg->lenient != lenient) {
        snprintf(err, errlen, "profile %s contradicts \"lenient_subprotocols\": %s", profile,
                 cfg->lenient ? "true" : "false");
        return -1;
    }
    cfg->lenient = lenient;
    return 0;
}

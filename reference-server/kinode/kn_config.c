#include "kn_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kn_config_free(kn_config *cfg)
{
    free(cfg->node);
    free(cfg->jwt_secret);
    free(cfg->password_hash);
    memset(cfg, 0, sizeof *cfg);
}

/* A node name ends up in a cookie name and in JavaScript: keep it to the characters
 * Kinode names use. */
static int kn_node_name_ok(const char *s)
{
    if (!*s || strlen(s) > 253)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int kn_string(const cJSON *v, const char *key, char **out, char *err, size_t errlen)
{
    if (!cJSON_IsString(v)) {
        snprintf(err, errlen, "%s must be a string", key);
        return -1;
    }
    free(*out);
    *out = strdup(v->valuestring);
    return *out ? 0 : -1;
}

int kn_config_load(const cJSON *json, kn_config *cfg, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->node = strdup(KN_DEFAULT_NODE);
    cfg->jwt_secret = strdup(KN_DEFAULT_JWT_SECRET);
    cfg->password_hash = strdup(KN_DEFAULT_PASSWORD_HASH);
    cfg->max_channels = KN_DEFAULT_MAX_CHANNELS;
    if (!cfg->node || !cfg->jwt_secret || !cfg->password_hash) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (json && !cJSON_IsObject(json)) {
        snprintf(err, errlen, "the config must be an object");
        goto fail;
    }
    for (const cJSON *it = json ? json->child : NULL; it; it = it->next) {
        if (strcmp(it->string, "node") == 0) {
            if (kn_string(it, "node", &cfg->node, err, errlen))
                goto fail;
            if (!kn_node_name_ok(cfg->node)) {
                snprintf(err, errlen, "node must be 1..253 of a-z 0-9 . - _");
                goto fail;
            }
        } else if (strcmp(it->string, "jwt_secret") == 0) {
            if (kn_string(it, "jwt_secret", &cfg->jwt_secret, err, errlen))
                goto fail;
        } else if (strcmp(it->string, "password_hash") == 0) {
            if (kn_string(it, "password_hash", &cfg->password_hash, err, errlen))
                goto fail;
        } else if (strcmp(it->string, "max_channels") == 0) {
            if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > 100000 ||
                it->valuedouble != (double)(size_t)it->valuedouble) {
                snprintf(err, errlen, "max_channels must be an integer in 1..100000");
                goto fail;
            }
            cfg->max_channels = (size_t)it->valuedouble;
        } else {
            snprintf(err, errlen, "unknown key \"%s\" (known: node, jwt_secret, password_hash, max_channels)",
                     it->string);
            goto fail;
        }
    }
    cfg->jwt_secret_len = strlen(cfg->jwt_secret);
    return 0;
fail:
    kn_config_free(cfg);
    return -1;
}

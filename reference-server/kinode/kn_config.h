/* The Kinode node's settings: the "kinode" key of --config. */
#ifndef KN_CONFIG_H
#define KN_CONFIG_H

#include <stddef.h>

#include <cjson/cJSON.h>

#define KN_DEFAULT_NODE "fake.dev"
#define KN_DEFAULT_JWT_SECRET "wsconf-kinode-jwt-secret"
#define KN_DEFAULT_PASSWORD_HASH "wsconf"
#define KN_DEFAULT_MAX_CHANNELS 128

typedef struct kn_config {
    char *node;           /* node name, e.g. "fake.dev": JWT username, cookie kinode-auth_<node> */
    char *jwt_secret;     /* HMAC key (the bytes of the string) */
    size_t jwt_secret_len;
    char *password_hash;  /* what POST /login must present */
    size_t max_channels;  /* open WebSockets at once (both flows) */
} kn_config;

/* Fills cfg from json (NULL: every default). Returns 0, or -1 with a message in err;
 * unknown keys and wrong types are errors. Free with kn_config_free. */
int kn_config_load(const cJSON *json, kn_config *cfg, char *err, size_t errlen);
void kn_config_free(kn_config *cfg);

#endif

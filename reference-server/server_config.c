#include "server_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialects.h"

#define WSRV_CONFIG_MAX_BYTES (64u << 20)

static char *config_read(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            if (cap >= WSRV_CONFIG_MAX_BYTES) {
                snprintf(err, errlen, "%s: larger than %u bytes", path, WSRV_CONFIG_MAX_BYTES);
                free(buf);
                buf = NULL;
                break;
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - 1 - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) {
                snprintf(err, errlen, "%s: read error", path);
                free(buf);
                buf = NULL;
            } else {
                buf[len] = '\0';
            }
            break;
        }
    }
    if (!buf && !err[0])
        snprintf(err, errlen, "%s: out of memory", path);
    fclose(f);
    return buf;
}

cJSON *wsrv_config_load(const char *path, char *err, size_t errlen)
{
    err[0] = '\0';
    char *text = config_read(path, err, errlen);
    if (!text)
        return NULL;
    cJSON *root = cJSON_Parse(text);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        long line = 1;
        for (const char *p = text; at && p < at; p++)
            line += *p == '\n';
        snprintf(err, errlen, "%s: not valid JSON (line %ld)", path, line);
        free(text);
        return NULL;
    }
    free(text);
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: must be a JSON object with one key per dialect", path);
        cJSON_Delete(root);
        return NULL;
    }
    for (const cJSON *k = root->child; k; k = k->next)
        if (wsrv_dialect_find(k->string) < 0) {
            snprintf(err, errlen, "%s: unknown dialect key \"%s\" (see --list-dialects)", path, k->string);
            cJSON_Delete(root);
            return NULL;
        }
    return root;
}

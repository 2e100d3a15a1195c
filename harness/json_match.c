/* Partial JSON matching (see json_match.h). */
#include "json_match.h"

#include <stdio.h>
#include <string.h>

cJSON *wsc_json_absent_new(void)
{
    return cJSON_CreateRaw(WSC_JSON_ABSENT_RAW);
}

int wsc_json_is_absent(const cJSON *item)
{
    return item && cJSON_IsRaw(item) && item->valuestring &&
           strcmp(item->valuestring, WSC_JSON_ABSENT_RAW) == 0;
}

static const char *type_name(const cJSON *v)
{
    if (!v) return "nothing";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    return "a raw value";
}

/* Renders a scalar for a mismatch message; short, never the whole subtree. */
static void describe(const cJSON *v, char *buf, size_t len)
{
    if (cJSON_IsNumber(v)) {
        snprintf(buf, len, "%.17g", v->valuedouble);
    } else if (cJSON_IsString(v)) {
        snprintf(buf, len, "\"%.60s%s\"", v->valuestring, strlen(v->valuestring) > 60 ? "..." : "");
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else {
        snprintf(buf, len, "%s", type_name(v));
    }
}

typedef struct {
    char *buf;
    size_t len;
} match_path;

static int mismatch(match_path *mp, const char *at, const cJSON *want, const cJSON *got)
{
    if (!mp->buf || mp->len == 0) return 0;
    char w[96], g[96];
    describe(want, w, sizeof w);
    describe(got, g, sizeof g);
    snprintf(mp->buf, mp->len, "%s: expected %s, got %s", at, w, g);
    return 0;
}

static int match_at(const cJSON *pat, const cJSON *val, const char *at, match_path *mp);

static int match_object(const cJSON *pat, const cJSON *val, const char *at, match_path *mp)
{
    if (!cJSON_IsObject(val)) return mismatch(mp, at, pat, val);
    for (const cJSON *m = pat->child; m; m = m->next) {
        char sub[512];
        snprintf(sub, sizeof sub, "%s.%s", at, m->string ? m->string : "?");
        const cJSON *got = cJSON_GetObjectItemCaseSensitive(val, m->string);
        if (wsc_json_is_absent(m)) {
            if (got) {
                if (mp->buf && mp->len)
                    snprintf(mp->buf, mp->len, "%s: expected absent, got %s", sub, type_name(got));
                return 0;
            }
            continue;
        }
        if (!got) {
            if (mp->buf && mp->len) snprintf(mp->buf, mp->len, "%s: missing", sub);
            return 0;
        }
        if (!match_at(m, got, sub, mp)) return 0;
    }
    return 1;
}

static int match_array(const cJSON *pat, const cJSON *val, const char *at, match_path *mp)
{
    if (!cJSON_IsArray(val)) return mismatch(mp, at, pat, val);
    int np = cJSON_GetArraySize(pat), nv = cJSON_GetArraySize(val);
    if (np != nv) {
        if (mp->buf && mp->len)
            snprintf(mp->buf, mp->len, "%s: expected an array of %d, got %d elements", at, np, nv);
        return 0;
    }
    const cJSON *p = pat->child, *v = val->child;
    for (int i = 0; p && v; i++, p = p->next, v = v->next) {
        char sub[512];
        snprintf(sub, sizeof sub, "%s[%d]", at, i);
        if (!match_at(p, v, sub, mp)) return 0;
    }
    return 1;
}

static int match_at(const cJSON *pat, const cJSON *val, const char *at, match_path *mp)
{
    if (cJSON_IsObject(pat)) return match_object(pat, val, at, mp);
    if (cJSON_IsArray(pat)) return match_array(pat, val, at, mp);
    if (cJSON_IsNumber(pat)) {
        if (cJSON_IsNumber(val) && val->valuedouble == pat->valuedouble) return 1;
        return mismatch(mp, at, pat, val);
    }
    if (cJSON_IsString(pat)) {
        if (cJSON_IsString(val) && strcmp(val->valuestring, pat->valuestring) == 0) return 1;
        return mismatch(mp, at, pat, val);
    }
    if (cJSON_IsBool(pat)) {
        if (cJSON_IsBool(val) && cJSON_IsTrue(val) == cJSON_IsTrue(pat)) return 1;
        return mismatch(mp, at, pat, val);
    }
    if (cJSON_IsNull(pat)) {
        if (cJSON_IsNull(val)) return 1;
        return mismatch(mp, at, pat, val);
    }
    if (wsc_json_is_absent(pat)) {
        /* "absent" outside an object member means "no value here": only nothing matches. */
        if (!val) return 1;
        return mismatch(mp, at, pat, val);
    }
    return mismatch(mp, at, pat, val);
}

int wsc_json_match(const cJSON *pattern, const cJSON *value, char *path, size_t pathlen)
{
    match_path mp = { path, pathlen };
    if (path && pathlen) path[0] = '\0';
    return match_at(pattern, value, "$", &mp);
}

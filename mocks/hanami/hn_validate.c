#include "hn_validate.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char hn_uuid_regex[] = "[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}";

static bool full_match(const char *regex, const char *s)
{
    char anchored[512];
    snprintf(anchored, sizeof anchored, "^(%s)$", regex);
    regex_t re;
    if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

bool hn_is_uuid(const char *s)
{
    return s && strlen(s) == 36 && full_match(hn_uuid_regex, s);
}

static const hn_rule *rule_for(const hn_rule *rules, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i].key, key) == 0)
            return &rules[i];
    return NULL;
}

/* Characters of a UTF-8 string (continuation bytes not counted). */
static long long utf8_length(const char *s)
{
    long long n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool is_json_int(const cJSON *v)
{
    if (!cJSON_IsNumber(v))
        return false;
    double d = v->valuedouble;
    return isfinite(d) && d == floor(d);
}

static int check_value(const hn_rule *r, const cJSON *v, char *msg, size_t msglen)
{
    if (r->type == HN_VALUE_STRING) {
        if (!cJSON_IsString(v)) {
            snprintf(msg, msglen, "Value-validation failed, because a item '%s'  has the false type: Exprect string-type.",
                     r->key);
            return -1;
        }
        const char *s = v->valuestring;
        if (r->regex && !full_match(r->regex, s)) {
            snprintf(msg, msglen, "Given item '%s' doesn't match with regex \"^%s$\"", r->key, r->regex);
            return -1;
        }
        long long len = utf8_length(s);
        if (r->min && len < r->min) {
            snprintf(msg, msglen, "Given item '%s' is shorter than %lld characters", r->key, r->min);
            return -1;
        }
        if (r->max && len > r->max) {
            snprintf(msg, msglen, "Given item '%s' is longer than %lld characters", r->key, r->max);
            return -1;
        }
        return 0;
    }
    if (!is_json_int(v)) {
        snprintf(msg, msglen, "Value-validation failed, because a item '%s'  has the false type: Exprect int-type.", r->key);
        return -1;
    }
    double d = v->valuedouble;
    if (d < (double)r->min) {
        snprintf(msg, msglen, "Given item '%s' is smaller than %lld", r->key, r->min);
        return -1;
    }
    if (r->max && d > (double)r->max) {
        snprintf(msg, msglen, "Given item '%s' is bigger than %lld", r->key, r->max);
        return -1;
    }
    return 0;
}

int hn_validate(const cJSON *obj, const hn_rule *rules, size_t nrules, char *msg, size_t msglen)
{
    const cJSON *o = cJSON_IsObject(obj) ? obj : NULL;
    for (const cJSON *it = o ? o->child : NULL; it; it = it->next) {
        if (strcmp(it->string, "token") == 0 || rule_for(rules, nrules, it->string))
            continue;
        snprintf(msg, msglen, "Validation failed, because item '%s' is not in the list of allowed keys", it->string);
        return -1;
    }
    for (size_t i = 0; i < nrules; i++) {
        if (rules[i].required && !(o && cJSON_GetObjectItemCaseSensitive(o, rules[i].key))) {
            snprintf(msg, msglen, "Validation failed, because variable '%s' is required, but is not set.", rules[i].key);
            return -1;
        }
    }
    for (size_t i = 0; i < nrules; i++) {
        const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, rules[i].key) : NULL;
        if (v && check_value(&rules[i], v, msg, msglen) != 0)
            return -1;
    }
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* URL-decodes s[0..n) into a new string; NULL on a bad escape. */
static char *url_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int h = i + 2 < n ? hexval(s[i + 1]) : -1;
            int l = h >= 0 ? hexval(s[i + 2]) : -1;
            if (h < 0 || l < 0) {
                free(out);
                return NULL;
            }
            *w++ = (char)(h * 16 + l);
            i += 2;
        } else {
            *w++ = s[i] == '+' ? ' ' : s[i];
        }
    }
    *w = '\0';
    return out;
}

static cJSON *typed_value(const char *v)
{
    if (full_match("-?[0-9]+", v) && strlen(v) < 19)
        return cJSON_CreateNumber((double)strtoll(v, NULL, 10));
    if (full_match("-?[0-9]+\\.[0-9]+", v))
        return cJSON_CreateNumber(strtod(v, NULL));
    return cJSON_CreateString(v);
}

cJSON *hn_query_to_json(const char *query)
{
    cJSON *obj = cJSON_CreateObject();
    const char *p = query ? query : "";
    while (obj && *p) {
        const char *amp = strchr(p, '&');
        size_t n = amp ? (size_t)(amp - p) : strlen(p);
        if (n > 0) {
            const char *eq = memchr(p, '=', n);
            size_t kn = eq ? (size_t)(eq - p) : n;
            char *k = url_decode(p, kn);
            char *v = eq ? url_decode(eq + 1, n - kn - 1) : url_decode("", 0);
            if (!k || !v) {
                free(k);
                free(v);
                cJSON_Delete(obj);
                return NULL;
            }
            if (!cJSON_GetObjectItemCaseSensitive(obj, k))
                cJSON_AddItemToObject(obj, k, typed_value(v));
            free(k);
            free(v);
        }
        p += n;
        if (*p == '&')
            p++;
    }
    return obj;
}

/* Loading the requirement catalogue (see wsc_catalogue.h; schema in README.md). */
#include "wsc_catalogue.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *string_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

const wsc_requirement *wsc_catalogue_find(const wsc_catalogue *cat, const char *id)
{
    if (!cat || !id) return NULL;
    for (size_t i = 0; i < cat->n; i++)
        if (strcmp(cat->items[i].id, id) == 0) return &cat->items[i];
    return NULL;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

const wsc_api_profiles *wsc_catalogue_profiles(const wsc_catalogue *cat, const char *api)
{
    if (!cat || !api) return NULL;
    for (size_t i = 0; i < cat->n_apis; i++)
        if (strcmp(cat->apis[i].api, api) == 0) return &cat->apis[i];
    return NULL;
}

const char *wsc_catalogue_document(const wsc_catalogue *cat, const char *api)
{
    for (size_t i = 0; cat && api && i < cat->n; i++)
        if (strcmp(cat->items[i].api, api) == 0 && cat->items[i].document) return cat->items[i].document;
    return NULL;
}

int wsc_catalogue_has_profile(const wsc_catalogue *cat, const char *api, const char *name)
{
    const wsc_api_profiles *p = wsc_catalogue_profiles(cat, api);
    for (size_t i = 0; p && name && i < p->n; i++)
        if (strcmp(p->names[i], name) == 0) return 1;
    return 0;
}

int wsc_requirement_applies(const wsc_requirement *r, const char *profile)
{
    if (!r->n_profiles || !profile) return 1;
    for (size_t i = 0; i < r->n_profiles; i++)
        if (strcmp(r->profiles[i], profile) == 0) return 1;
    return 0;
}

/* Reads a "profiles" member: a non-empty array of distinct non-empty strings. Returns 0
 * with *out NULL when absent, 0 with the copies, or -1 with a message. */
static int read_names(const cJSON *obj, char ***out, size_t *n_out, const char *what, char *err, size_t errlen)
{
    *out = NULL;
    *n_out = 0;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "profiles");
    if (!arr) return 0;
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n == 0) return fail(err, errlen, "%s: \"profiles\" must be a non-empty array of names", what);
    char **names = calloc((size_t)n, sizeof *names);
    if (!names) return fail(err, errlen, "%s: out of memory", what);
    size_t k = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, arr) {
        int bad = !cJSON_IsString(v) || !v->valuestring[0];
        for (size_t i = 0; !bad && i < k; i++) bad = strcmp(names[i], v->valuestring) == 0;
        if (bad || !(names[k] = strdup(v->valuestring))) {
            free_names(names, k);
            return fail(err, errlen, "%s: \"profiles\" entries must be distinct non-empty strings", what);
        }
        k++;
    }
    *out = names;
    *n_out = k;
    return 0;
}

static void requirement_clear(wsc_requirement *r)
{
    free_names(r->profiles, r->n_profiles);
    free(r->id);
    free(r->api);
    free(r->title);
    free(r->source);
    free(r->document);
}

void wsc_catalogue_free(wsc_catalogue *cat)
{
    if (!cat) return;
    for (size_t i = 0; i < cat->n; i++) requirement_clear(&cat->items[i]);
    free(cat->items);
    cat->items = NULL;
    cat->n = 0;
    for (size_t i = 0; i < cat->n_apis; i++) {
        free(cat->apis[i].api);
        free_names(cat->apis[i].names, cat->apis[i].n);
    }
    free(cat->apis);
    cat->apis = NULL;
    cat->n_apis = 0;
}

/* Checks one requirement object and appends it; the catalogue is unchanged on error. */
static int add_requirement(wsc_catalogue *cat, const cJSON *item, const char *api, const char *document,
                           const wsc_api_profiles *ap, const char *name, int index, char *err, size_t errlen)
{
    if (!cJSON_IsObject(item))
        return fail(err, errlen, "%s: requirements[%d] is not an object", name, index);
    const char *id = string_member(item, "id"), *level = string_member(item, "level");
    const char *title = string_member(item, "title"), *source = string_member(item, "source");
    if (!id) return fail(err, errlen, "%s: requirements[%d] has no \"id\" string", name, index);
    size_t api_len = strlen(api);
    if (strncmp(id, api, api_len) != 0 || id[api_len] != '.' || !id[api_len + 1])
        return fail(err, errlen, "%s: requirement \"%s\" does not start with \"%s.\"", name, id, api);
    wsc_level lv;
    if (wsc_level_parse(level, &lv))
        return fail(err, errlen, "%s: requirement \"%s\" has level %s%s%s (expected MUST, SHOULD or INFO)", name, id,
                    level ? "\"" : "", level ? level : "missing", level ? "\"" : "");
    if (!title) return fail(err, errlen, "%s: requirement \"%s\" has no \"title\" string", name, id);
    if (!source) return fail(err, errlen, "%s: requirement \"%s\" has no \"source\" string", name, id);
    if (wsc_catalogue_find(cat, id)) return fail(err, errlen, "%s: requirement \"%s\" is defined twice", name, id);
    char what[600];
    snprintf(what, sizeof what, "%s: requirement \"%s\"", name, id);
    char **profiles;
    size_t n_profiles;
    if (read_names(item, &profiles, &n_profiles, what, err, errlen)) return -1;
    for (size_t i = 0; i < n_profiles; i++) {
        int known = 0;
        for (size_t k = 0; ap && k < ap->n; k++) known |= strcmp(ap->names[k], profiles[i]) == 0;
        if (!known) {
            fail(err, errlen, "%s names profile \"%s\", which is not in the API's \"profiles\"", what, profiles[i]);
            free_names(profiles, n_profiles);
            return -1;
        }
    }

    wsc_requirement *items = realloc(cat->items, (cat->n + 1) * sizeof *items);
    if (!items) {
        free_names(profiles, n_profiles);
        return fail(err, errlen, "%s: out of memory", name);
    }
    cat->items = items;
    wsc_requirement r = { strdup(id), strdup(api), lv, strdup(title), strdup(source), profiles, n_profiles,
                          document ? strdup(document) : NULL };
    if (!r.id || !r.api || !r.title || !r.source || (document && !r.document)) {
        requirement_clear(&r);
        return fail(err, errlen, "%s: out of memory", name);
    }
    cat->items[cat->n++] = r;
    return 0;
}

int wsc_catalogue_load_text(wsc_catalogue *cat, const char *text, const char *name, char *err, size_t errlen)
{
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithOpts(text, &end, 1);
    if (!doc) {
        /* Report the line of the parse error so the author can find it. */
        int line = 1;
        for (const char *p = text; end && p < end && *p; p++) line += *p == '\n';
        return fail(err, errlen, "%s:%d: not valid JSON", name, line);
    }
    int rc = 0;
    const char *api = string_member(doc, "api");
    const cJSON *reqs = cJSON_GetObjectItemCaseSensitive(doc, "requirements");
    if (!cJSON_IsObject(doc) || !api) {
        rc = fail(err, errlen, "%s: the top level needs an \"api\" string", name);
    } else if (!cJSON_IsArray(reqs)) {
        rc = fail(err, errlen, "%s: the top level needs a \"requirements\" array", name);
    } else {
        wsc_api_profiles ap = { NULL, NULL, 0 };
        rc = read_names(doc, &ap.names, &ap.n, name, err, errlen);
        size_t before = cat->n;
        int index = 0;
        const cJSON *item;
        if (!rc) {
            cJSON_ArrayForEach(item, reqs) {
                if ((rc = add_requirement(cat, item, api, string_member(doc, "document"), ap.n ? &ap : NULL, name, index++, err, errlen)) != 0) break;
            }
        }
        if (!rc && ap.n && wsc_catalogue_profiles(cat, api)) {
            rc = fail(err, errlen, "%s: the profiles of API \"%s\" are already given by another file", name, api);
        } else if (!rc && ap.n) {
            wsc_api_profiles *apis = realloc(cat->apis, (cat->n_apis + 1) * sizeof *apis);
            ap.api = strdup(api);
            if (!apis || !ap.api) {
                if (apis) cat->apis = apis;
                rc = fail(err, errlen, "%s: out of memory", name);
            } else {
                cat->apis = apis;
                cat->apis[cat->n_apis++] = ap;
                ap.names = NULL;
                ap.api = NULL;
            }
        }
        free(ap.api);
        free_names(ap.names, ap.names ? ap.n : 0);
        if (rc) { /* all or nothing per file */
            for (size_t i = before; i < cat->n; i++) requirement_clear(&cat->items[i]);
            cat->n = before;
        }
    }
    cJSON_Delete(doc);
    return rc;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                fail(err, errlen, "%s: out of memory", path);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, 4096, f);
        len += got;
        if (got < 4096) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fail(err, errlen, "%s: read error", path);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_json_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0 && name[0] != '.';
}

int wsc_catalogue_load_dir(wsc_catalogue *cat, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) return fail(err, errlen, "catalogue folder %s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!has_json_suffix(e->d_name)) continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn || !(nn[n] = strdup(e->d_name))) {
            names = nn ? nn : names;
            rc = fail(err, errlen, "catalogue folder %s: out of memory", dir);
            break;
        }
        names = nn;
        n++;
    }
    closedir(d);
    /* Sorted so that error messages and the catalogue order do not depend on the file system. */
    if (!rc && n) qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; !rc && i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = read_file(path, err, errlen);
        if (!text) rc = -1;
        else rc = wsc_catalogue_load_text(cat, text, path, err, errlen);
        free(text);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (!rc && cat->n == 0) rc = fail(err, errlen, "catalogue folder %s: no requirement found in any *.json", dir);
    return rc;
}

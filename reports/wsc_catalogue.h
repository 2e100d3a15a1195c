/* The requirement catalogue: every documented behaviour, with a stable id, a
 * level and where the document states it. One JSON file per API in
 * reports/catalogue/<api>.json (schema in reports/README.md). */
#ifndef WSC_CATALOGUE_H
#define WSC_CATALOGUE_H

#include <stddef.h>
#include "wsc_result.h"

typedef struct {
    char *id;        /* "labgraph.stream.batch-order" */
    char *api;       /* "labgraph" */
    wsc_level level;
    char *title;     /* one-line statement of the behaviour */
    char *source;    /* where it is stated: document and section, or protocols note */
    char **profiles; /* profiles it holds in; NULL (n_profiles 0) = every profile */
    size_t n_profiles;
    char *document;  /* the file's "document" (the API document it was read from); may be NULL */
} wsc_requirement;

/* The profiles of one API (DESIGN.md "profiles"), the first being the default. */
typedef struct {
    char *api;
    char **names;
    size_t n;
} wsc_api_profiles;

typedef struct {
    wsc_requirement *items;
    size_t n;
    wsc_api_profiles *apis;  /* only APIs whose file has "profiles" */
    size_t n_apis;
} wsc_catalogue;

/* Loads every *.json in dir. Returns 0, or -1 with a message (file and cause)
 * in err. Duplicate ids and unknown levels are errors. cat is owned by the
 * caller: wsc_catalogue_free(). */
int wsc_catalogue_load_dir(wsc_catalogue *cat, const char *dir, char *err, size_t errlen);
/* Parses one catalogue document (the text of one file); name is used in errors. */
int wsc_catalogue_load_text(wsc_catalogue *cat, const char *text, const char *name, char *err, size_t errlen);
const wsc_requirement *wsc_catalogue_find(const wsc_catalogue *cat, const char *id);
/* The profiles of api, or NULL when it has none. */
const wsc_api_profiles *wsc_catalogue_profiles(const wsc_catalogue *cat, const char *api);
/* The "document" of api's catalogue file (e.g. "labgraph-websockets-api.txt"), or NULL. */
const char *wsc_catalogue_document(const wsc_catalogue *cat, const char *api);
/* 1 when name is one of api's profiles. */
int wsc_catalogue_has_profile(const wsc_catalogue *cat, const char *api, const char *name);
/* 1 when requirement r holds in profile (NULL: the API has no profiles, so it holds). */
int wsc_requirement_applies(const wsc_requirement *r, const char *profile);
void wsc_catalogue_free(wsc_catalogue *cat);

#endif

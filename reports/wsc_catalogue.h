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
} wsc_requirement;

typedef struct {
    wsc_requirement *items;
    size_t n;
} wsc_catalogue;

/* Loads every *.json in dir. Returns 0, or -1 with a message (file and cause)
 * in err. Duplicate ids and unknown levels are errors. cat is owned by the
 * caller: wsc_catalogue_free(). */
int wsc_catalogue_load_dir(wsc_catalogue *cat, const char *dir, char *err, size_t errlen);
/* Parses one catalogue document (the text of one file); name is used in errors. */
int wsc_catalogue_load_text(wsc_catalogue *cat, const char *text, const char *name, char *err, size_t errlen);
const wsc_requirement *wsc_catalogue_find(const wsc_catalogue *cat, const char *id);
void wsc_catalogue_free(wsc_catalogue *cat);

#endif

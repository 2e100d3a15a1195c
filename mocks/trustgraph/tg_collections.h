/* TrustGraph collection metadata per user: update creates or replaces, list filters by
 * tags (a collection matches when it has any of the filter's tags) and limits. */
#ifndef MOCK_TG_COLLECTIONS_H
#define MOCK_TG_COLLECTIONS_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct mock_tg_collections {
    cJSON *items;   /* [{user, collection, name, description, tags}] in insertion order */
} mock_tg_collections;

/* Seeds {"user":"trustgraph","collection":"default","name":"Default",
 * "description":"Default collection","tags":["default"]}. 0 or -1. */
int mock_tg_collections_init(mock_tg_collections *c);
void mock_tg_collections_free(mock_tg_collections *c);
/* tag_filter: array of strings or NULL; limit < 0: none. New array of copies. */
cJSON *mock_tg_collections_list(const mock_tg_collections *c, const char *user, const cJSON *tag_filter, long limit);
/* name/description NULL keep the old value ("" for a new one); tags NULL keeps (or []). */
int mock_tg_collections_update(mock_tg_collections *c, const char *user, const char *collection,
                               const char *name, const char *description, const cJSON *tags,
                               char *err, size_t errlen);
int mock_tg_collections_delete(mock_tg_collections *c, const char *user, const char *collection,
                               char *err, size_t errlen);

#endif

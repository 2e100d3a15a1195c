#include "tg_collections.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static cJSON *make(const char *user, const char *collection, const char *name, const char *description,
                   const cJSON *tags)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "user", user);
    cJSON_AddStringToObject(o, "collection", collection);
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "description", description);
    cJSON_AddItemToObject(o, "tags", tags ? cJSON_Duplicate(tags, 1) : cJSON_CreateArray());
    return o;
}

int mock_tg_collections_init(mock_tg_collections *c)
{
    c->items = cJSON_CreateArray();
    cJSON *tags = cJSON_CreateArray();
    cJSON_AddItemToArray(tags, cJSON_CreateString("default"));
    cJSON_AddItemToArray(c->items, make("trustgraph", "default", "Default", "Default collection", tags));
    cJSON_Delete(tags);
    return c->items ? 0 : -1;
}

void mock_tg_collections_free(mock_tg_collections *c)
{
    cJSON_Delete(c->items);
    c->items = NULL;
}

static int index_of(const mock_tg_collections *c, const char *user, const char *collection)
{
    int i = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, c->items) {
        if (strcmp(str(x, "user"), user) == 0 && strcmp(str(x, "collection"), collection) == 0)
            return i;
        i++;
    }
    return -1;
}

static bool has_tag(const cJSON *item, const cJSON *filter)
{
    const cJSON *f, *t;
    cJSON_ArrayForEach(f, filter) {
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(item, "tags")) {
            if (cJSON_IsString(f) && cJSON_IsString(t) && strcmp(f->valuestring, t->valuestring) == 0)
                return true;
        }
    }
    return false;
}

cJSON *mock_tg_collections_list(const mock_tg_collections *c, const char *user, const cJSON *tag_filter, long limit)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *x;
    long n = 0;
    cJSON_ArrayForEach(x, c->items) {
        if (limit >= 0 && n >= limit)
            break;
        if (strcmp(str(x, "user"), user) != 0)
            continue;
        if (cJSON_GetArraySize(tag_filter) > 0 && !has_tag(x, tag_filter))
            continue;
        cJSON_AddItemToArray(out, cJSON_Duplicate(x, 1));
        n++;
    }
    return out;
}

int mock_tg_collections_update(mock_tg_collections *c, const char *user, const char *collection,
                               const char *name, const char *description, const cJSON *tags,
                               char *err, size_t errlen)
{
    if (!collection || !*collection) {
        snprintf(err, errlen, "Collection must be specified");
        return -1;
    }
    int i = index_of(c, user, collection);
    const cJSON *old = i >= 0 ? cJSON_GetArrayItem(c->items, i) : NULL;
    cJSON *item = make(user, collection, name ? name : str(old, "name"),
                       description ? description : str(old, "description"),
                       tags ? tags : cJSON_GetObjectItemCaseSensitive(old, "tags"));
    if (i >= 0)
        cJSON_ReplaceItemInArray(c->items, i, item);
    else
        cJSON_AddItemToArray(c->items, item);
    return 0;
}

int mock_tg_collections_delete(mock_tg_collections *c, const char *user, const char *collection,
                               char *err, size_t errlen)
{
    int i = collection ? index_of(c, user, collection) : -1;
    if (i < 0) {
        snprintf(err, errlen, "Collection not found");
        return -1;
    }
    cJSON_DeleteItemFromArray(c->items, i);
    return 0;
}

#include "tg_config.h"

#include <stdlib.h>
#include <string.h>

int mock_tg_config_init(mock_tg_config *c)
{
    memset(c, 0, sizeof *c);
    c->types = cJSON_CreateObject();
    return c->types ? 0 : -1;
}

static void forget_parsed(mock_tg_config *c)
{
    cJSON_Delete(c->parsed);
    free(c->parsed_type);
    free(c->parsed_key);
    c->parsed = NULL;
    c->parsed_type = c->parsed_key = NULL;
}

void mock_tg_config_free(mock_tg_config *c)
{
    forget_parsed(c);
    cJSON_Delete(c->types);
    c->types = NULL;
}

const cJSON *mock_tg_config_get_json(mock_tg_config *c, const char *type, const char *key)
{
    if (c->parsed && strcmp(c->parsed_type, type) == 0 && strcmp(c->parsed_key, key) == 0)
        return c->parsed;
    const char *text = mock_tg_config_get(c, type, key);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    if (!j)
        return NULL;
    forget_parsed(c);
    c->parsed_type = strdup(type);
    c->parsed_key = strdup(key);
    if (!c->parsed_type || !c->parsed_key) {
        forget_parsed(c);
        cJSON_Delete(j);
        return NULL;
    }
    c->parsed = j;
    return j;
}

const cJSON *mock_tg_config_type(const mock_tg_config *c, const char *type)
{
    return cJSON_GetObjectItemCaseSensitive(c->types, type);
}

const char *mock_tg_config_get(const mock_tg_config *c, const char *type, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(mock_tg_config_type(c, type), key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Inserts item under name into obj before the first member whose name sorts after it. */
static int insert_sorted(cJSON *obj, const char *name, cJSON *item)
{
    int index = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, obj) {
        if (strcmp(m->string, name) > 0)
            break;
        index++;
    }
    item->string = strdup(name);
    if (!item->string)
        return -1;
    /* An index past the end appends. */
    if (!cJSON_InsertItemInArray(obj, index, item)) {
        free(item->string);
        item->string = NULL;
        return -1;
    }
    return 0;
}

int mock_tg_config_set(mock_tg_config *c, const char *type, const char *key, const char *value)
{
    forget_parsed(c);
    cJSON *t = cJSON_GetObjectItemCaseSensitive(c->types, type);
    if (!t) {
        t = cJSON_CreateObject();
        if (!t || insert_sorted(c->types, type, t) != 0) {
            cJSON_Delete(t);
            return -1;
        }
    }
    cJSON *v = cJSON_CreateString(value);
    if (!v)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(t, key))
        return cJSON_ReplaceItemInObjectCaseSensitive(t, key, v) ? 0 : (cJSON_Delete(v), -1);
    if (insert_sorted(t, key, v) != 0) {
        cJSON_Delete(v);
        return -1;
    }
    return 0;
}

bool mock_tg_config_remove(mock_tg_config *c, const char *type, const char *key)
{
    forget_parsed(c);
    cJSON *t = cJSON_GetObjectItemCaseSensitive(c->types, type);
    if (!t || !cJSON_GetObjectItemCaseSensitive(t, key))
        return false;
    cJSON_DeleteItemFromObjectCaseSensitive(t, key);
    if (!t->child)
        cJSON_DeleteItemFromObjectCaseSensitive(c->types, type);
    return true;
}

int64_t mock_tg_config_bump(mock_tg_config *c)
{
    return ++c->version;
}

cJSON *mock_tg_config_keys(const mock_tg_config *c, const char *type)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *m;
    cJSON_ArrayForEach(m, mock_tg_config_type(c, type)) {
        if (!cJSON_AddItemToArray(arr, cJSON_CreateString(m->string))) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

cJSON *mock_tg_config_values(const mock_tg_config *c, const char *type)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *m;
    cJSON_ArrayForEach(m, mock_tg_config_type(c, type)) {
        cJSON *o = cJSON_CreateObject();
        if (!cJSON_AddItemToArray(arr, o) || !cJSON_AddStringToObject(o, "type", type) ||
            !cJSON_AddStringToObject(o, "key", m->string) ||
            !cJSON_AddStringToObject(o, "value", m->valuestring)) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

cJSON *mock_tg_config_dump(const mock_tg_config *c)
{
    return cJSON_Duplicate(c->types, 1);
}

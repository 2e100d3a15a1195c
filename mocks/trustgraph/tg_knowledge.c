#include "tg_knowledge.h"

#include <stdio.h>
#include <string.h>

#include "tg_text.h"

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return -1;
}

static const char *str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

int mock_tg_knowledge_init(mock_tg_knowledge *k, uint64_t seed, unsigned dim)
{
    k->cores = cJSON_CreateArray();
    cJSON *core = cJSON_CreateObject();
    cJSON_AddItemToArray(k->cores, core);
    cJSON_AddStringToObject(core, "id", "core-1");
    cJSON_AddStringToObject(core, "user", "trustgraph");
    cJSON_AddItemToObject(core, "triples", mock_tg_triples_seeded());
    mock_tg_triples tmp = { .triples = cJSON_GetObjectItemCaseSensitive(core, "triples") };
    cJSON *ents = mock_tg_triples_entities(&tmp);
    cJSON *arr = cJSON_AddArrayToObject(core, "entities");
    const cJSON *e;
    cJSON_ArrayForEach(e, ents) {
        cJSON *ge = cJSON_CreateObject();
        cJSON *term = cJSON_AddObjectToObject(ge, "entity");
        cJSON_AddStringToObject(term, "t", "i");
        cJSON_AddStringToObject(term, "i", e->valuestring);
        cJSON_AddItemToObject(ge, "vector", mock_tg_embedding_json(seed, e->valuestring, dim));
        cJSON_AddItemToArray(arr, ge);
    }
    cJSON_Delete(ents);
    return k->cores ? 0 : -1;
}

void mock_tg_knowledge_free(mock_tg_knowledge *k)
{
    cJSON_Delete(k->cores);
    k->cores = NULL;
}

static int index_of(const mock_tg_knowledge *k, const char *user, const char *id)
{
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, k->cores) {
        if (id && strcmp(str(c, "id"), id) == 0 && strcmp(str(c, "user"), user ? user : "trustgraph") == 0)
            return i;
        i++;
    }
    return -1;
}

cJSON *mock_tg_knowledge_list(const mock_tg_knowledge *k, const char *user)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *c;
    cJSON_ArrayForEach(c, k->cores) {
        if (strcmp(str(c, "user"), user ? user : "trustgraph") == 0)
            cJSON_AddItemToArray(out, cJSON_CreateString(str(c, "id")));
    }
    return out;
}

const cJSON *mock_tg_knowledge_get(const mock_tg_knowledge *k, const char *user, const char *id)
{
    int i = index_of(k, user, id);
    return i < 0 ? NULL : cJSON_GetArrayItem(k->cores, i);
}

int mock_tg_knowledge_put(mock_tg_knowledge *k, const char *user, const char *id,
                          const cJSON *triples, const cJSON *entities, char *err, size_t errlen)
{
    if (!id || !*id)
        return fail(err, errlen, "Core ID must be specified");
    int i = index_of(k, user, id);
    cJSON *core;
    if (i < 0) {
        core = cJSON_CreateObject();
        cJSON_AddStringToObject(core, "id", id);
        cJSON_AddStringToObject(core, "user", user ? user : "trustgraph");
        cJSON_AddArrayToObject(core, "triples");
        cJSON_AddArrayToObject(core, "entities");
        cJSON_AddItemToArray(k->cores, core);
    } else {
        core = cJSON_GetArrayItem(k->cores, i);
    }
    mock_tg_triples store = { .triples = cJSON_GetObjectItemCaseSensitive(core, "triples") };
    const cJSON *x;
    cJSON_ArrayForEach(x, triples) {
        mock_tg_triples_add(&store, x);
    }
    cJSON *ents = cJSON_GetObjectItemCaseSensitive(core, "entities");
    cJSON_ArrayForEach(x, entities) {
        cJSON_AddItemToArray(ents, cJSON_Duplicate(x, 1));
    }
    return 0;
}

int mock_tg_knowledge_delete(mock_tg_knowledge *k, const char *user, const char *id, char *err, size_t errlen)
{
    if (!id || !*id)
        return fail(err, errlen, "Core ID must be specified");
    int i = index_of(k, user, id);
    if (i < 0)
        return fail(err, errlen, "Core not found");
    cJSON_DeleteItemFromArray(k->cores, i);
    return 0;
}

int mock_tg_knowledge_load(const mock_tg_knowledge *k, mock_tg_triples *store, const char *user, const char *id,
                           const char *flow, bool flow_running, bool unload, char *err, size_t errlen)
{
    if (!id || !*id)
        return fail(err, errlen, "Core ID must be specified");
    if (!flow || !*flow)
        return fail(err, errlen, "Flow ID must be specified");
    if (!flow_running)
        return fail(err, errlen, "Invalid flow");
    const cJSON *core = mock_tg_knowledge_get(k, user, id);
    if (!core)
        return fail(err, errlen, "Core not found");
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(core, "triples")) {
        if (unload)
            mock_tg_triples_remove(store, x);
        else
            mock_tg_triples_add(store, x);
    }
    return 0;
}

static cJSON *metadata(const cJSON *core, const char *collection)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "id", str(core, "id"));
    cJSON_AddStringToObject(m, "root", "");
    cJSON_AddStringToObject(m, "user", str(core, "user"));
    cJSON_AddStringToObject(m, "collection", collection ? collection : "default");
    return m;
}

static void add_groups(cJSON *out, const cJSON *core, const char *collection, unsigned batch,
                       const char *src, const char *wrapper, const char *list)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(core, src);
    int n = cJSON_GetArraySize(items);
    for (int from = 0; from < n; from += (int)batch) {
        cJSON *frame = cJSON_CreateObject();
        cJSON *w = cJSON_AddObjectToObject(frame, wrapper);
        cJSON_AddItemToObject(w, "metadata", metadata(core, collection));
        cJSON *arr = cJSON_AddArrayToObject(w, list);
        for (int i = from; i < n && i < from + (int)batch; i++)
            cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetArrayItem(items, i), 1));
        cJSON_AddItemToArray(out, frame);
    }
}

cJSON *mock_tg_knowledge_stream(const cJSON *core, const char *collection, unsigned batch)
{
    if (batch < 1)
        batch = 1;
    cJSON *out = cJSON_CreateArray();
    add_groups(out, core, collection, batch, "triples", "triples", "triples");
    add_groups(out, core, collection, batch, "entities", "graph-embeddings", "entities");
    return out;
}

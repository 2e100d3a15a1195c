/* listMeta: list attributes answered as [{"value": v, "created": ms}] (see hiro_store.h).
 * When a value entered a list is read back from the versions the store keeps anyway, so
 * changes need no per-value bookkeeping: walking back from the version shown, a value
 * stays "old" while the earlier version's list still held it. */
#include <stdlib.h>
#include <string.h>

#include "hiro_store_internal.h"

/* How many items of list equal v (deep comparison, exact case). */
static int count_equal(const cJSON *list, const cJSON *v)
{
    int n = 0;
    for (const cJSON *it = cJSON_IsArray(list) ? list->child : NULL; it; it = it->next)
        n += cJSON_Compare(it, v, true) ? 1 : 0;
    return n;
}

/* The states of e, oldest first, the current one last (*n of them; NULL: out of memory). */
static const cJSON **states(const hiro_element *e, size_t *n)
{
    size_t old = e->versions ? (size_t)cJSON_GetArraySize(e->versions) : 0;
    const cJSON **v = malloc((old + 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t i = 0;
    for (const cJSON *it = e->versions ? e->versions->child : NULL; it && i < old; it = it->next)
        v[i++] = it;
    v[i++] = e->json;
    *n = i;
    return v;
}

static double modified_on(const cJSON *state)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(state, "ogit/_modified-on");
    return cJSON_IsNumber(m) ? m->valuedouble : 0;
}

/* The list attribute name of state k with its values wrapped; NULL when out of memory. */
static cJSON *wrap_list(const cJSON *list, const char *name, const cJSON **vs, size_t k)
{
    cJSON *out = cJSON_CreateArray();
    for (const cJSON *x = list->child; out && x; x = x->next) {
        int occurrence = 1; /* this is the occurrence-th item equal to x */
        for (const cJSON *y = list->child; y != x; y = y->next)
            occurrence += cJSON_Compare(y, x, true) ? 1 : 0;
        size_t first = k;
        while (first > 0 &&
               count_equal(cJSON_GetObjectItemCaseSensitive(vs[first - 1], name), x) >= occurrence)
            first--;
        cJSON *o = cJSON_CreateObject();
        cJSON *v = cJSON_Duplicate(x, true);
        bool linked = o && v && cJSON_AddItemToObject(o, "value", v);
        if (!linked)
            cJSON_Delete(v);
        if (!linked || !cJSON_AddNumberToObject(o, "created", modified_on(vs[first])) ||
            !cJSON_AddItemToArray(out, o)) {
            cJSON_Delete(o);
            cJSON_Delete(out);
            return NULL;
        }
    }
    return out;
}

bool hiro_store_list_meta(hiro_store *s, cJSON *item, long version)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "ogit/_id");
    hiro_element *e = cJSON_IsString(id) ? hiro_map_get(&s->map, id->valuestring) : NULL;
    if (!e || e->is_edge)
        return true;
    size_t n;
    const cJSON **vs = states(e, &n);
    if (!vs)
        return false;
    size_t k = version < 0 || (size_t)version >= n ? n - 1 : (size_t)version;
    bool ok = true;
    for (cJSON *a = item->child; ok && a;) {
        cJSON *next = a->next;
        /* ogit/_ attributes (ogit/_tags included) are the system's, never list values */
        if (cJSON_IsArray(a) && strncmp(a->string, "ogit/_", 6) != 0) {
            cJSON *wrapped = wrap_list(a, a->string, vs, k);
            /* (the name is copied into wrapped before a, which owns it, is freed) */
            ok = wrapped && cJSON_ReplaceItemInObjectCaseSensitive(item, a->string, wrapped);
            if (!ok)
                cJSON_Delete(wrapped);
        }
        a = next;
    }
    free(vs);
    return ok;
}

/* Open-addressing hash map with linear probing and tombstones. */
#include "hiro_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

static char TOMB_MARK;
#define TOMB (&TOMB_MARK)

static size_t slot_of(const hiro_map *m, const char *key, bool for_insert)
{
    size_t mask = m->cap - 1, i = (size_t)mock_fnv1a64(key) & mask, first_tomb = SIZE_MAX;
    for (;;) {
        char *k = m->keys[i];
        if (!k)
            return for_insert && first_tomb != SIZE_MAX ? first_tomb : i;
        if (k == TOMB) {
            if (first_tomb == SIZE_MAX)
                first_tomb = i;
        } else if (strcmp(k, key) == 0) {
            return i;
        }
        i = (i + 1) & mask;
    }
}

void *hiro_map_get(const hiro_map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = slot_of(m, key, false);
    return m->keys[i] && m->keys[i] != TOMB ? m->values[i] : NULL;
}

static bool grow(hiro_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    if (m->count * 4 < m->cap)
        cap = m->cap; /* mostly tombstones: rebuild at the same size */
    hiro_map n = { calloc(cap, sizeof(char *)), calloc(cap, sizeof(void *)), cap, 0, 0 };
    if (!n.keys || !n.values) {
        free(n.keys);
        free(n.values);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i] && m->keys[i] != TOMB) {
            size_t j = slot_of(&n, m->keys[i], true);
            n.keys[j] = m->keys[i];
            n.values[j] = m->values[i];
            n.count++;
            n.used++;
        }
    free(m->keys);
    free(m->values);
    *m = n;
    return true;
}

bool hiro_map_put(hiro_map *m, const char *key, void *value)
{
    if ((m->used + 1) * 4 > m->cap * 3 && !grow(m))
        return false;
    size_t i = slot_of(m, key, true);
    if (m->keys[i] && m->keys[i] != TOMB) {
        m->values[i] = value;
        return true;
    }
    char *copy = strdup(key);
    if (!copy)
        return false;
    if (!m->keys[i])
        m->used++;
    m->keys[i] = copy;
    m->values[i] = value;
    m->count++;
    return true;
}

void *hiro_map_remove(hiro_map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = slot_of(m, key, false);
    if (!m->keys[i] || m->keys[i] == TOMB)
        return NULL;
    void *v = m->values[i];
    free(m->keys[i]);
    m->keys[i] = TOMB;
    m->values[i] = NULL;
    m->count--;
    return v;
}

void hiro_map_free(hiro_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i] != TOMB)
            free(m->keys[i]);
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

/* A string-keyed hash map (open addressing), for the graph store's id lookups. */
#ifndef HIRO_MAP_H
#define HIRO_MAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char **keys;  /* owned copies; NULL = empty slot, HIRO_MAP_TOMB = removed */
    void **values;
    size_t cap, count, used; /* used counts tombstones too */
} hiro_map;

/* Zero-initialise a hiro_map before use. */
void *hiro_map_get(const hiro_map *m, const char *key);
/* Inserts or replaces; false when out of memory. */
bool hiro_map_put(hiro_map *m, const char *key, void *value);
/* Removes key and returns its value (NULL when absent). */
void *hiro_map_remove(hiro_map *m, const char *key);
/* Frees the keys and tables (not the values). */
void hiro_map_free(hiro_map *m);

#endif

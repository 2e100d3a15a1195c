/* The graph store's data, shared by hiro_store.c and hiro_store_values.c only. */
#ifndef HIRO_STORE_INTERNAL_H
#define HIRO_STORE_INTERNAL_H

#include "hiro_map.h"
#include "hiro_store.h"

typedef struct {
    int64_t timestamp;
    cJSON *value;
} hiro_ts_point;

typedef struct hiro_element hiro_element;
struct hiro_element {
    char *id;
    bool is_edge;
    bool deleted;              /* vertices only: marked, kept for includeDeleted and history */
    cJSON *json;               /* the current state */
    cJSON *versions;           /* earlier states, oldest first (NULL: none) */
    hiro_element **out_edges;  /* vertices: edges leaving / entering, creation order */
    size_t nout;
    hiro_element **in_edges;
    size_t nin;
    const char *out_id;        /* edges: the ends' ids (owned by the vertices) */
    const char *in_id;
    hiro_ts_point *ts;         /* timeseries values, ascending timestamps */
    size_t nts, tscap;
    unsigned char *content;    /* blob content */
    size_t content_len;
    bool has_content;
};

struct hiro_store {
    uint64_t seed;
    uint64_t counter;          /* drives generated ids */
    hiro_map map;              /* id -> hiro_element (vertices and edges) */
    size_t live_vertices;
    hiro_element **vertices;   /* every vertex ever created, creation order (queries scan it) */
    size_t nvertices, vcap;
};

/* The element, or NULL with st 404 (deleted vertices only with include_deleted). */
hiro_element *hiro_store_find(hiro_store *s, const char *id, bool include_deleted, hiro_status *st);
bool hiro_store_is_system_attr(const char *key);
void hiro_store_oom(hiro_status *st);

#endif

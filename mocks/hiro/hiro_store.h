/* The HIRO graph behind the graph API: vertices with the ogit/ system attributes,
 * edges made by connect, versions (history), timeseries values and blob content.
 * In memory and deterministic (ids from the seed, times from the caller). Every change
 * returns the event the event stream publishes for it. */
#ifndef HIRO_STORE_H
#define HIRO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "hiro_event.h"
#include "hiro_stream.h" /* hiro_status */

typedef struct hiro_store hiro_store;

/* Who makes a change, and when. */
typedef struct {
    const char *account;      /* ogit/_creator, ogit/_modified-by, ogit/_owner */
    const char *app;          /* ogit/_creator-app, ogit/_modified-by-app */
    const char *scope;        /* ogit/_scope of new vertices */
    const char *organization; /* ogit/_organization of new vertices */
    int64_t now_ms;
} hiro_actor;

#define HIRO_ONTOLOGY_VERSION "2.19.0.114" /* ogit/_version: the ontology's, not the vertex's */

hiro_store *hiro_store_new(uint64_t seed);
void hiro_store_free(hiro_store *s);
size_t hiro_store_vertex_count(const hiro_store *s); /* live (not deleted) vertices */

/* Each call returns a new JSON item the caller owns (the element after the call), or
 * NULL with st = {404 | 409 | 400, message}. When ev is not NULL and the call changed
 * the graph, *ev receives the event to publish (caller owns), else NULL. */

/* create: a new vertex of type with attrs (an object; keys starting "ogit/_" other than
 * ogit/_xid and ogit/_tags are system attributes and ignored). id NULL: generated. 409
 * when id exists. */
cJSON *hiro_store_create(hiro_store *s, const char *type, const char *id, const cJSON *attrs,
                         const hiro_actor *who, hiro_event **ev, hiro_status *st);
/* get: vertex or edge; deleted ones only with include_deleted. */
cJSON *hiro_store_get(hiro_store *s, const char *id, bool include_deleted, hiro_status *st);
/* update: sets attrs on the vertex (a null value removes the attribute). */
cJSON *hiro_store_update(hiro_store *s, const char *id, const cJSON *attrs, const hiro_actor *who,
                         hiro_event **ev, hiro_status *st);
/* replace: the vertex's free and ogit attributes become attrs; with create_type, an
 * unknown id is created with that type (createIfNotExists). */
cJSON *hiro_store_replace(hiro_store *s, const char *id, const cJSON *attrs, const char *create_type,
                          const hiro_actor *who, hiro_event **ev, hiro_status *st);
/* delete: a vertex is marked deleted (ogit/_is-deleted, ogit/_deleted-on/-by/-by-app)
 * and a DELETE event sent; an edge is removed and a DISCONNECT event sent. */
cJSON *hiro_store_delete(hiro_store *s, const char *id, const hiro_actor *who, hiro_event **ev,
                         hiro_status *st);
/* connect: edge out -[verb]-> in; 404 when either vertex is missing, 409 when the edge
 * exists. The event's scope is the out vertex's. */
cJSON *hiro_store_connect(hiro_store *s, const char *verb, const char *out_id, const char *in_id,
                          const hiro_actor *who, hiro_event **ev, hiro_status *st);

/* Earlier versions of a vertex, oldest first (current one last), as an array. A deleted
 * vertex (its last version marked ogit/_is-deleted) only with include_deleted, else 404. */
cJSON *hiro_store_history(hiro_store *s, const char *id, bool include_deleted, hiro_status *st);
/* Vertices of the comma-separated ids, in that order, unknown ones left out; deleted
 * ones only with include_deleted. */
cJSON *hiro_store_query_ids(hiro_store *s, const char *ids, bool include_deleted);
/* Edges (as arrays of edge JSON) leaving / entering a vertex, in creation order; verb
 * NULL for all. 404 for an unknown vertex. */
cJSON *hiro_store_edges(hiro_store *s, const char *id, bool outgoing, const char *verb, hiro_status *st);

/* query vertices: live vertices (deleted ones too with include_deleted) matching the Lucene-subset query (hiro_lucene.h;
 * placeholders from params), in creation order or sorted by order ("a asc,b desc":
 * numbers numerically, then text; missing values last; at most 8 keys), then offset
 * skipped and at most limit returned (limit < 0: all). fields ("f1,f2", NULL or "": all)
 * keeps only those attributes plus ogit/_id. 400 for a query that does not parse or a
 * bad order. */
/* query gremlin: from the vertex root, steps joined by '.': outE/inE/bothE(labels...),
 * inV()/outV()/bothV(), out/in/both(labels...) (edge then other end), has('k'),
 * has('k','v'), hasNot('k'), dedup(), limit(n); arguments are quoted strings or integers.
 * Returns the elements reached, in traversal order (duplicates kept unless dedup()).
 * Deleted vertices are skipped unless include_deleted. 404 for an unknown root; 400
 * ("gremlin: at N: ...") for syntax, unknown steps or more than 100000 elements. */
cJSON *hiro_store_gremlin(hiro_store *s, const char *root, const char *query, bool include_deleted,
                          hiro_status *st);
cJSON *hiro_store_query_vertices(hiro_store *s, const char *query, const cJSON *params, long limit, long offset,
                                 const char *order, const char *fields, bool include_deleted, hiro_status *st);

/* listMeta (the List API): every list attribute of item (a vertex as answered: the
 * current state, or version `version` of its history counted from 0, oldest first; -1:
 * the current one) becomes [{"value": v, "created": ms}], created being when the value
 * entered the list: the ogit/_modified-on of the oldest version of the unbroken run of
 * versions, ending at the one shown, whose list held it (equal values counted one by
 * one). ogit/_ attributes and items that are not vertices of the store are left as
 * they are. false when out of memory. */
bool hiro_store_list_meta(hiro_store *s, cJSON *item, long version);

/* Timeseries: items is [{"timestamp": ms, "value": <string or number>}, ...]; values
 * with an existing timestamp replace it. Sends a WRITE_TIMESERIES event for the vertex. */
int hiro_store_write_ts(hiro_store *s, const char *id, const cJSON *items, const hiro_actor *who,
                        hiro_event **ev, hiro_status *st);
/* Values with from <= timestamp < to (from/to < 0: open), ascending (descending when
 * desc), at most limit (<= 0: all), as [{"timestamp","value"}]. A deleted vertex's only
 * with include_deleted (else 404), as for the content below. */
cJSON *hiro_store_read_ts(hiro_store *s, const char *id, int64_t from, int64_t to, long limit, bool desc,
                          bool include_deleted, hiro_status *st);
/* Blob content of a vertex (copied in / borrowed out). */
int hiro_store_set_content(hiro_store *s, const char *id, const unsigned char *data, size_t len,
                           hiro_status *st);
const unsigned char *hiro_store_content(hiro_store *s, const char *id, bool include_deleted, size_t *len,
                                       hiro_status *st);

#endif

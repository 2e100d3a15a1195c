/* TrustGraph knowledge cores: named sets of triples and entity embeddings per user.
 * Loading a core into a running flow adds its triples to the triple store; unloading
 * removes them. Error texts are the knowledge service's "request-error" messages. */
#ifndef MOCK_TG_KNOWLEDGE_H
#define MOCK_TG_KNOWLEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tg_triples.h"

typedef struct mock_tg_knowledge {
    cJSON *cores;   /* [{"id","user","triples":[...],"entities":[{"entity":Term,"vector":[...]}]}] */
} mock_tg_knowledge;

/* Seeds core "core-1" (user "trustgraph"): the seeded triples and one entity embedding
 * (dim values) per seeded entity. 0 or -1. */
int mock_tg_knowledge_init(mock_tg_knowledge *k, uint64_t seed, unsigned dim);
void mock_tg_knowledge_free(mock_tg_knowledge *k);
/* Ids of user's cores in order (new array). */
cJSON *mock_tg_knowledge_list(const mock_tg_knowledge *k, const char *user);
/* The core (borrowed) or NULL. */
const cJSON *mock_tg_knowledge_get(const mock_tg_knowledge *k, const char *user, const char *id);
/* Adds triples and/or entities (arrays, either may be NULL) to core id, creating it. */
int mock_tg_knowledge_put(mock_tg_knowledge *k, const char *user, const char *id,
                          const cJSON *triples, const cJSON *entities, char *err, size_t errlen);
int mock_tg_knowledge_delete(mock_tg_knowledge *k, const char *user, const char *id, char *err, size_t errlen);
/* flow NULL: "Flow ID must be specified"; !flow_running: "Invalid flow". */
int mock_tg_knowledge_load(const mock_tg_knowledge *k, mock_tg_triples *store, const char *user, const char *id,
                           const char *flow, bool flow_running, bool unload, char *err, size_t errlen);
/* The stream get-kg-core sends for a core: the triples in groups of at most batch as
 * {"triples": {"metadata": {id, root:"", user, collection}, "triples": [...]}}, then the
 * entities in groups of at most batch as {"graph-embeddings": {"metadata": ..., "entities": [...]}}.
 * A new array of those objects (empty groups are not sent). */
cJSON *mock_tg_knowledge_stream(const cJSON *core, const char *collection, unsigned batch);

#endif

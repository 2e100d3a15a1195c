/* TrustGraph triple store: triples {"s","p","o"} of terms in the gateway's wire form
 * ({"t":"i","i":IRI}, {"t":"l","v":value,"dt"?,"ln"?}, {"t":"b","d":id}), queried by any
 * combination of s, p and o with a limit. Seeded with twelve fixed triples. */
#ifndef MOCK_TG_TRIPLES_H
#define MOCK_TG_TRIPLES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#define MOCK_TG_NS "http://trustgraph.ai/e/"
#define MOCK_TG_RDFS_LABEL "http://www.w3.org/2000/01/rdf-schema#label"
#define MOCK_TG_RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

typedef struct mock_tg_triples {
    cJSON *triples;   /* array, insertion order */
} mock_tg_triples;

/* The store with the seeded triples (mocks/README.md). 0 or -1. */
int mock_tg_triples_init(mock_tg_triples *t);
void mock_tg_triples_free(mock_tg_triples *t);
/* The twelve seeded triples as a new array. */
cJSON *mock_tg_triples_seeded(void);
/* Same kind and same identifying fields (i / v+dt+ln / d / tr). */
bool mock_tg_term_equal(const cJSON *a, const cJSON *b);
/* Adds a copy unless an equal triple is stored; true when added. */
bool mock_tg_triples_add(mock_tg_triples *t, const cJSON *triple);
/* Removes an equal triple; true when one was stored. */
bool mock_tg_triples_remove(mock_tg_triples *t, const cJSON *triple);
/* Triples matching every non-NULL pattern term, in store order, at most limit (limit < 0:
 * no limit), as a new array. */
cJSON *mock_tg_triples_query(const mock_tg_triples *t, const cJSON *s, const cJSON *p, const cJSON *o, long limit);
/* The distinct IRIs that are subjects or IRI objects, in first-seen order (new array of strings). */
cJSON *mock_tg_triples_entities(const mock_tg_triples *t);

#endif

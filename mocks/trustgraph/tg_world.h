/* Everything behind one TrustGraph gateway: the config store (with flows and blueprints),
 * library, knowledge cores, triple store and collections, plus the seed and stream
 * options that make every generated answer reproducible. */
#ifndef MOCK_TG_WORLD_H
#define MOCK_TG_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tg_collections.h"
#include "tg_config.h"
#include "tg_knowledge.h"
#include "tg_library.h"
#include "tg_stream.h"
#include "tg_triples.h"

typedef struct mock_tg_world {
    uint64_t seed;
    mock_tg_opts opts;
    mock_tg_config config;
    mock_tg_library library;
    mock_tg_knowledge knowledge;
    mock_tg_triples triples;
    mock_tg_collections collections;
} mock_tg_world;

/* The seeded world; kinds: the flow service kinds blueprint "default" offers. opts NULL:
 * defaults. 0, or -1 (memory; the world is released). */
int mock_tg_world_init(mock_tg_world *w, uint64_t seed, const mock_tg_opts *opts,
                       const char *const *kinds, size_t nkinds);
void mock_tg_world_free(mock_tg_world *w);

/* Names ranked by the cosine of their embeddings with vector (micro-units, dim values),
 * highest first, ties in the order given; at most limit (< 0: all). A new array of
 * {"name": ..., "score": number}. */
cJSON *mock_tg_rank(uint64_t seed, const int64_t *vector, unsigned dim, const cJSON *names, long limit);

#endif

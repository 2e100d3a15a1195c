#include "tg_world.h"

#include <stdlib.h>
#include <string.h>

#include "labgraph/lg_source.h"
#include "tg_flows.h"
#include "tg_text.h"

int mock_tg_world_init(mock_tg_world *w, uint64_t seed, const mock_tg_opts *opts,
                       const char *const *kinds, size_t nkinds)
{
    memset(w, 0, sizeof *w);
    w->seed = seed;
    if (opts)
        w->opts = *opts;
    else
        mock_tg_opts_default(&w->opts);
    if (w->opts.chunks < 1)
        w->opts.chunks = 1;
    if (w->opts.dim < 1 || w->opts.dim > 64)
        w->opts.dim = 8;
    if (w->opts.kg_batch < 1)
        w->opts.kg_batch = 1;
    int rc = mock_tg_config_init(&w->config);
    if (rc == 0)
        rc = mock_tg_flows_seed(&w->config, kinds, nkinds);
    if (rc == 0)
        rc = mock_tg_library_init(&w->library, seed);
    if (rc == 0)
        rc = mock_tg_knowledge_init(&w->knowledge, seed, w->opts.dim);
    if (rc == 0)
        rc = mock_tg_triples_init(&w->triples);
    if (rc == 0)
        rc = mock_tg_collections_init(&w->collections);
    if (rc != 0)
        mock_tg_world_free(w);
    return rc;
}

void mock_tg_world_free(mock_tg_world *w)
{
    mock_tg_config_free(&w->config);
    mock_tg_library_free(&w->library);
    mock_tg_knowledge_free(&w->knowledge);
    mock_tg_triples_free(&w->triples);
    mock_tg_collections_free(&w->collections);
}

typedef struct ranked {
    const char *name;
    double score;
    int order;
} ranked;

static int by_score(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->order - y->order;
}

cJSON *mock_tg_rank(uint64_t seed, const int64_t *vector, unsigned dim, const cJSON *names, long limit)
{
    int n = cJSON_GetArraySize(names);
    ranked *r = calloc(n > 0 ? (size_t)n : 1, sizeof *r);
    cJSON *out = cJSON_CreateArray();
    if (!r || !out) {
        free(r);
        cJSON_Delete(out);
        return NULL;
    }
    int count = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, names) {
        if (!cJSON_IsString(x) || dim > 64)
            continue;
        int64_t v[64];
        mock_tg_embedding_micro(seed, x->valuestring, dim, v);
        r[count].name = x->valuestring;
        r[count].score = mock_tg_cosine_micro(vector, v, dim);
        r[count].order = count;
        count++;
    }
    qsort(r, (size_t)count, sizeof *r, by_score);
    for (int i = 0; i < count && (limit < 0 || i < limit); i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", r[i].name);
        cJSON_AddItemToObject(o, "score", mock_lg_json_number(r[i].score));
        cJSON_AddItemToArray(out, o);
    }
    free(r);
    return out;
}

#include "tg_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labgraph/lg_source.h"
#include "rng.h"

static const char *const vocab[MOCK_TG_VOCAB_SIZE] = {
    "graph", "node", "edge", "entity", "relation", "vector", "context", "answer",
    "source", "model", "query", "document", "chunk", "concept", "signal", "pattern",
    "memory", "agent", "reason", "fact", "claim", "trust", "link", "path",
    "score", "index", "schema", "topic", "domain", "evidence", "insight", "result",
};

const char *mock_tg_vocab(unsigned index)
{
    return index < MOCK_TG_VOCAB_SIZE ? vocab[index] : NULL;
}

uint64_t mock_tg_hash(uint64_t seed, const char *purpose, const char *input)
{
    uint64_t z = mock_splitmix64(seed ^ mock_fnv1a64(purpose));
    return mock_splitmix64(z ^ mock_fnv1a64(input ? input : ""));
}

char *mock_tg_words(uint64_t seed, const char *purpose, const char *input, unsigned n)
{
    uint64_t h = mock_tg_hash(seed, purpose, input);
    /* Longest word is 8 letters plus a separator. */
    char *out = malloc((size_t)n * 9 + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    for (unsigned i = 0; i < n; i++) {
        const char *w = vocab[mock_splitmix64(h ^ i) >> 59];
        if (i)
            out[len++] = ' ';
        size_t wl = strlen(w);
        memcpy(out + len, w, wl);
        len += wl;
    }
    out[len] = '\0';
    return out;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

unsigned mock_tg_word_count(const char *text)
{
    unsigned n = 0;
    for (const char *p = text; *p;) {
        while (is_space(*p))
            p++;
        if (!*p)
            break;
        n++;
        while (*p && !is_space(*p))
            p++;
    }
    return n;
}

void mock_tg_pieces_free(char **pieces, unsigned count)
{
    if (!pieces)
        return;
    for (unsigned i = 0; i < count; i++)
        free(pieces[i]);
    free(pieces);
}

/* Offset in text of the start of word index w (W words: the text length). */
static size_t word_offset(const char *text, unsigned w)
{
    const char *p = text;
    for (unsigned i = 0; i < w; i++) {
        while (*p == ' ')
            p++;
        while (*p && *p != ' ')
            p++;
    }
    if (*text && w > 0) {
        /* Keep the separating space with the previous piece. */
        while (*p == ' ')
            p++;
    }
    return (size_t)(p - text);
}

char **mock_tg_split(const char *text, unsigned n, unsigned *count)
{
    unsigned words = mock_tg_word_count(text);
    if (n < 1)
        n = 1;
    if (n > words)
        n = words ? words : 1;
    char **pieces = calloc(n, sizeof *pieces);
    if (!pieces)
        return NULL;
    for (unsigned k = 0; k < n; k++) {
        size_t from = word_offset(text, (unsigned)((uint64_t)k * words / n));
        size_t to = k + 1 == n ? strlen(text) : word_offset(text, (unsigned)((uint64_t)(k + 1) * words / n));
        pieces[k] = malloc(to - from + 1);
        if (!pieces[k]) {
            mock_tg_pieces_free(pieces, n);
            return NULL;
        }
        memcpy(pieces[k], text + from, to - from);
        pieces[k][to - from] = '\0';
    }
    *count = n;
    return pieces;
}

void mock_tg_embedding_micro(uint64_t seed, const char *text, unsigned dim, int64_t *out)
{
    uint64_t h = mock_tg_hash(seed, "embedding", text);
    for (unsigned i = 0; i < dim; i++)
        out[i] = (int64_t)((mock_splitmix64(h ^ i) >> 11) % 2000001u) - 1000000;
}

cJSON *mock_tg_embedding_json(uint64_t seed, const char *text, unsigned dim)
{
    int64_t v[64];
    if (dim > 64)
        return NULL;
    mock_tg_embedding_micro(seed, text, dim, v);
    cJSON *arr = cJSON_CreateArray();
    for (unsigned i = 0; arr && i < dim; i++) {
        cJSON *num = mock_lg_json_number((double)v[i] / 1e6);
        if (!num || !cJSON_AddItemToArray(arr, num)) {
            cJSON_Delete(num);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

double mock_tg_cosine_micro(const int64_t *a, const int64_t *b, unsigned dim)
{
    /* Integer sums are exact (|v| <= 10^6, dim <= 64); only the final ratio rounds. */
    long double dot = 0, na = 0, nb = 0;
    for (unsigned i = 0; i < dim; i++) {
        dot += (long double)a[i] * b[i];
        na += (long double)a[i] * a[i];
        nb += (long double)b[i] * b[i];
    }
    if (na == 0 || nb == 0)
        return 0;
    double c = (double)(dot / (sqrtl(na) * sqrtl(nb)));
    return round(c * 1e6) / 1e6;
}

char *mock_tg_hex16(uint64_t h, char *buf)
{
    snprintf(buf, 17, "%016llx", (unsigned long long)h);
    return buf;
}

/* TrustGraph deterministic text and vectors: every generated answer, chunking and
 * embedding is a pure function of (seed, purpose, input) so a scenario can recompute it.
 * Definitions: mocks/README.md, section TrustGraph. */
#ifndef MOCK_TG_TEXT_H
#define MOCK_TG_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define MOCK_TG_VOCAB_SIZE 32

/* The vocabulary, index 0..31. */
const char *mock_tg_vocab(unsigned index);
/* h = splitmix64(splitmix64(seed ^ fnv1a64(purpose)) ^ fnv1a64(input)). */
uint64_t mock_tg_hash(uint64_t seed, const char *purpose, const char *input);
/* n words: word i = vocab[splitmix64(h ^ i) >> 59], joined by single spaces.
 * malloc'd; NULL when out of memory. n = 0 gives "". */
char *mock_tg_words(uint64_t seed, const char *purpose, const char *input, unsigned n);
/* Number of words of text: runs of spaces, tabs, CR and LF separate words. */
unsigned mock_tg_word_count(const char *text);
/* Splits text (generated text: words separated by single spaces) into pieces whose concatenation is text:
 * with W words and n clamped to [1, max(W,1)], piece k holds words floor(k*W/n) ..
 * floor((k+1)*W/n)-1, each but the text's last word followed by its space. Returns a
 * malloc'd array of *count malloc'd strings (free with mock_tg_pieces_free); NULL when
 * out of memory. "" gives one empty piece. */
char **mock_tg_split(const char *text, unsigned n, unsigned *count);
void mock_tg_pieces_free(char **pieces, unsigned count);
/* Embedding of text: dim values, value i = (((splitmix64(h ^ i) >> 11) % 2000001) - 1000000)
 * micro-units (a multiple of 10^-6 in [-1, 1]) with h = mock_tg_hash(seed, "embedding", text). */
void mock_tg_embedding_micro(uint64_t seed, const char *text, unsigned dim, int64_t *out);
/* The same as a JSON array of exact numbers (caller owns); NULL when out of memory. */
cJSON *mock_tg_embedding_json(uint64_t seed, const char *text, unsigned dim);
/* Cosine similarity of two micro-unit vectors rounded to the nearest 10^-6 (0 when
 * either has zero length). */
double mock_tg_cosine_micro(const int64_t *a, const int64_t *b, unsigned dim);
/* Lower-case hex of h, 16 digits; buf >= 17 bytes. Returns buf. */
char *mock_tg_hex16(uint64_t h, char *buf);

#endif

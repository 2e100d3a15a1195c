#include "tg_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tg_text.h"

void mock_tg_opts_default(mock_tg_opts *o)
{
    o->chunks = 3;
    o->delay_ms = 2;
    o->dim = 8;
    o->kg_batch = 5;
}

void mock_tg_stream_free(mock_tg_stream *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->steps[i].text);
    free(s->steps);
    free(s->full);
    memset(s, 0, sizeof *s);
}

static mock_tg_step *push(mock_tg_stream *s, mock_tg_step_kind kind, const char *text, bool eom, uint32_t delay)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        mock_tg_step *n = realloc(s->steps, cap * sizeof *n);
        if (!n)
            return NULL;
        s->steps = n;
        s->cap = cap;
    }
    char *copy = strdup(text);
    if (!copy)
        return NULL;
    mock_tg_step *st = &s->steps[s->count++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->text = copy;
    st->end_of_message = eom;
    st->delay_ms = delay;
    return st;
}

static int push_explain(mock_tg_stream *s, const mock_tg_opts *o, const char *prefix, const char *suffix)
{
    mock_tg_step *st = push(s, MOCK_TG_STEP_EXPLAIN, "", true, o->delay_ms);
    if (!st)
        return -1;
    snprintf(st->explain_id, sizeof st->explain_id, "%s/%s", prefix, suffix);
    return 0;
}

/* Pushes text as pieces (streaming) or whole; whole_eom: the end_of_message of the last piece. */
static int push_text(mock_tg_stream *s, const mock_tg_opts *o, mock_tg_step_kind kind, const char *text,
                     bool streaming, bool last_eom)
{
    unsigned n = 0;
    char **pieces = mock_tg_split(text, streaming ? o->chunks : 1, &n);
    if (!pieces)
        return -1;
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < n; i++)
        if (!push(s, kind, pieces[i], i + 1 == n && last_eom, o->delay_ms))
            rc = -1;
    mock_tg_pieces_free(pieces, n);
    return rc;
}

static void explain_prefix(uint64_t seed, const char *kind, const char *input, char *buf, size_t len)
{
    char hex[17];
    snprintf(buf, len, "urn:trustgraph:%s:%s", kind, mock_tg_hex16(mock_tg_hash(seed, kind, input), hex));
}

int mock_tg_agent(uint64_t seed, const mock_tg_opts *o, const char *question, bool streaming, mock_tg_stream *out)
{
    memset(out, 0, sizeof *out);
    char prefix[64];
    explain_prefix(seed, "agent", question, prefix, sizeof prefix);
    char *thought = mock_tg_words(seed, "thought", question, MOCK_TG_THOUGHT_WORDS);
    char *observation = mock_tg_words(seed, "observation", question, MOCK_TG_OBSERVATION_WORDS);
    out->full = mock_tg_words(seed, "answer", question, MOCK_TG_ANSWER_WORDS);
    int rc = thought && observation && out->full ? 0 : -1;
    if (rc == 0)
        rc = push_explain(out, o, prefix, "session");
    if (rc == 0)
        rc = push_text(out, o, MOCK_TG_STEP_THOUGHT, thought, streaming, true);
    if (rc == 0)
        rc = push_explain(out, o, prefix, "iteration");
    if (rc == 0)
        rc = push_text(out, o, MOCK_TG_STEP_OBSERVATION, observation, streaming, true);
    if (rc == 0 && streaming)
        rc = push_text(out, o, MOCK_TG_STEP_ANSWER, out->full, true, false);
    out->in_tokens = mock_tg_word_count(question);
    out->out_tokens = out->full ? mock_tg_word_count(out->full) : 0;
    free(thought);
    free(observation);
    if (rc != 0)
        mock_tg_stream_free(out);
    return rc;
}

int mock_tg_llm(uint64_t seed, const mock_tg_opts *o, const char *purpose, const char *input, bool streaming,
                mock_tg_stream *out)
{
    memset(out, 0, sizeof *out);
    out->full = mock_tg_words(seed, purpose, input, MOCK_TG_COMPLETION_WORDS);
    int rc = out->full ? push_text(out, o, MOCK_TG_STEP_CHUNK, out->full, streaming, true) : -1;
    out->in_tokens = mock_tg_word_count(input);
    out->out_tokens = out->full ? mock_tg_word_count(out->full) : 0;
    if (rc != 0)
        mock_tg_stream_free(out);
    return rc;
}

int mock_tg_rag(uint64_t seed, const mock_tg_opts *o, const char *kind, const char *query, bool streaming,
                mock_tg_stream *out)
{
    memset(out, 0, sizeof *out);
    char prefix[64];
    explain_prefix(seed, kind, query, prefix, sizeof prefix);
    out->full = mock_tg_words(seed, kind, query, MOCK_TG_COMPLETION_WORDS);
    int rc = out->full ? 0 : -1;
    if (rc == 0)
        rc = push_explain(out, o, prefix, "question");
    if (rc == 0)
        rc = push_explain(out, o, prefix, "retrieval");
    if (rc == 0 && streaming)
        rc = push_text(out, o, MOCK_TG_STEP_CHUNK, out->full, true, true);
    out->in_tokens = mock_tg_word_count(query);
    out->out_tokens = out->full ? mock_tg_word_count(out->full) : 0;
    if (rc != 0)
        mock_tg_stream_free(out);
    return rc;
}

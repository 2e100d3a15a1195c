/* TrustGraph answer streams, profile-neutral: the steps an agent, an LLM or a RAG
 * pipeline produces for one request, each a pure function of (seed, input, options).
 * The envelope code turns steps into the wire frames of a profile and appends the final
 * frame, so the stream holds everything before it plus the text the final frame needs. */
#ifndef MOCK_TG_STREAM_H
#define MOCK_TG_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    MOCK_TG_STEP_THOUGHT,
    MOCK_TG_STEP_OBSERVATION,
    MOCK_TG_STEP_ANSWER,
    MOCK_TG_STEP_EXPLAIN,
    MOCK_TG_STEP_CHUNK,
} mock_tg_step_kind;

typedef struct mock_tg_step {
    mock_tg_step_kind kind;
    char *text;               /* piece of text (owned); "" for explain */
    bool end_of_message;      /* last piece of its thought / observation / answer */
    uint32_t delay_ms;        /* pause before this step */
    char explain_id[96];      /* EXPLAIN only */
} mock_tg_step;

typedef struct mock_tg_opts {
    unsigned chunks;          /* pieces per streamed message, >= 1 (default 3) */
    uint32_t delay_ms;        /* pause before every step and the final frame (default 2) */
    unsigned dim;             /* embedding dimension, 1..64 (default 8) */
    unsigned kg_batch;        /* triples / entities per get-kg-core frame (default 5) */
} mock_tg_opts;

typedef struct mock_tg_stream {
    mock_tg_step *steps;
    size_t count, cap;
    char *full;               /* the whole answer text (owned) */
    unsigned in_tokens;       /* words of the input */
    unsigned out_tokens;      /* words of the answer */
} mock_tg_stream;

void mock_tg_opts_default(mock_tg_opts *o);
void mock_tg_stream_free(mock_tg_stream *s);

/* Word counts of generated texts. */
#define MOCK_TG_THOUGHT_WORDS 6
#define MOCK_TG_OBSERVATION_WORDS 6
#define MOCK_TG_ANSWER_WORDS 12
#define MOCK_TG_COMPLETION_WORDS 16

/* Agent: explain ".../session", thought, explain ".../iteration", observation, then the
 * answer pieces (streaming) or nothing more (non-streaming: thought and observation are
 * whole messages). full = the answer. 0 or -1 (memory). */
int mock_tg_agent(uint64_t seed, const mock_tg_opts *o, const char *question, bool streaming, mock_tg_stream *out);
/* LLM completion of purpose ("completion", "prompt") over input: chunk pieces when
 * streaming, one piece otherwise. */
int mock_tg_llm(uint64_t seed, const mock_tg_opts *o, const char *purpose, const char *input, bool streaming,
                mock_tg_stream *out);
/* RAG (kind "document-rag" / "graph-rag"): explain ".../question" and ".../retrieval",
 * then the answer's chunk pieces (streaming) or none (non-streaming; full = answer). */
int mock_tg_rag(uint64_t seed, const mock_tg_opts *o, const char *kind, const char *query, bool streaming,
                mock_tg_stream *out);

#endif

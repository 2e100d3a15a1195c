/* Agent, text-completion, prompt and the two RAG services: the mock's steps
 * (mocks/trustgraph/tg_stream.h) as frames of the profile (protocols §1.8, §1.9).
 *   gateway: agent message_type/content/end_of_message/end_of_dialog, explain frames,
 *            a closing answer frame; LLM response + end_of_stream; RAG message_type chunk/
 *            explain/end with end_of_stream and end_of_session; token counts and model on
 *            the final frame.
 *   spec:    agent chunk-type/content/end-of-message/end-of-dialog/end-of-stream; streamed
 *            text as "content" with end-of-stream, non-streamed as "response" (prompt:
 *            "text"/"object"); no explain frames; the last piece is the final frame. */
#include "tg_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_GRAPH "urn:graph:retrieval"

static const char *agent_type(mock_tg_step_kind k)
{
    switch (k) {
    case MOCK_TG_STEP_THOUGHT: return "thought";
    case MOCK_TG_STEP_OBSERVATION: return "observation";
    case MOCK_TG_STEP_EXPLAIN: return "explain";
    default: return "answer";
    }
}

static void add_tokens(const tg_call *c, cJSON *r, const mock_tg_stream *s)
{
    char model[128];
    cJSON_AddNumberToObject(r, "in_token", s->in_tokens);
    cJSON_AddNumberToObject(r, "out_token", s->out_tokens);
    cJSON_AddStringToObject(r, "model", tg_flow_model(c, model, sizeof model));
}

static cJSON *agent_gw(const char *type, const char *content, bool eom, bool eod, const char *explain_id)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "message_type", type);
    if (content && *content)
        cJSON_AddStringToObject(r, "content", content);
    cJSON_AddBoolToObject(r, "end_of_message", eom);
    cJSON_AddBoolToObject(r, "end_of_dialog", eod);
    if (explain_id) {
        cJSON_AddStringToObject(r, "explain_id", explain_id);
        cJSON_AddStringToObject(r, "explain_graph", EXPLAIN_GRAPH);
    }
    return r;
}

static cJSON *agent_spec(const char *type, const char *content, bool eom, bool final)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "chunk-type", type);
    cJSON_AddStringToObject(r, "content", content);
    cJSON_AddBoolToObject(r, "end-of-message", eom);
    cJSON_AddBoolToObject(r, "end-of-dialog", final);
    cJSON_AddBoolToObject(r, "end-of-stream", final);
    return r;
}

void tg_svc_agent(tg_call *c)
{
    const char *q = tg_str(c->req, "question");
    if (!q) {
        tg_missing(c, "question");
        return;
    }
    if (tg_failure_requested(c, q, "agent-error"))
        return;
    bool streaming = tg_bool(c->req, "streaming");
    mock_tg_stream s;
    if (mock_tg_agent(c->world->seed, &c->world->opts, q, streaming, &s) != 0) {
        c->out->oom = 1;
        return;
    }
    uint32_t delay = c->world->opts.delay_ms;
    if (tg_gw(c)) {
        for (size_t i = 0; i < s.count; i++) {
            const mock_tg_step *st = &s.steps[i];
            bool explain = st->kind == MOCK_TG_STEP_EXPLAIN;
            tg_send(c, agent_gw(agent_type(st->kind), st->text, st->end_of_message, false,
                                explain ? st->explain_id : NULL), false, st->delay_ms);
        }
        /* Streaming closes with an empty answer frame; non-streaming carries the answer. */
        tg_send(c, agent_gw("answer", streaming ? "" : s.full, true, true, NULL), true, delay);
    } else {
        size_t last = s.count;
        for (size_t i = 0; i < s.count; i++)
            if (s.steps[i].kind != MOCK_TG_STEP_EXPLAIN)
                last = i;
        for (size_t i = 0; i < s.count; i++) {
            const mock_tg_step *st = &s.steps[i];
            if (st->kind == MOCK_TG_STEP_EXPLAIN)
                continue;
            bool final = streaming && i == last;
            tg_send(c, agent_spec(agent_type(st->kind), st->text, st->end_of_message || final, final), final,
                    st->delay_ms);
        }
        if (!streaming)
            tg_send(c, agent_spec("answer", s.full, true, true), true, delay);
    }
    mock_tg_stream_free(&s);
}

/* Streams LLM text: gateway key gw_key with end_of_stream (tokens on the last frame);
 * spec "content" pieces or, non-streaming, spec_key with the whole text. */
static void send_text(tg_call *c, const mock_tg_stream *s, bool streaming, const char *gw_key, const char *spec_key)
{
    for (size_t i = 0; i < s->count; i++) {
        bool final = i + 1 == s->count;
        cJSON *r = cJSON_CreateObject();
        if (tg_gw(c)) {
            cJSON_AddStringToObject(r, gw_key, s->steps[i].text);
            cJSON_AddBoolToObject(r, "end_of_stream", final);
            if (final)
                add_tokens(c, r, s);
        } else {
            cJSON_AddStringToObject(r, streaming ? "content" : spec_key, s->steps[i].text);
            cJSON_AddBoolToObject(r, "end-of-stream", final);
        }
        tg_send(c, r, final, s->steps[i].delay_ms);
    }
}

void tg_svc_text_completion(tg_call *c)
{
    const char *system = tg_str(c->req, "system");
    const char *prompt = tg_str(c->req, "prompt");
    if (!system || !prompt) {
        tg_missing(c, !system ? "system" : "prompt");
        return;
    }
    if (tg_failure_requested(c, prompt, "llm-error"))
        return;
    bool streaming = tg_bool(c->req, "streaming");
    size_t n = strlen(system) + strlen(prompt) + 2;
    char *input = malloc(n);
    mock_tg_stream s;
    if (!input) {
        c->out->oom = 1;
        return;
    }
    snprintf(input, n, "%s\n%s", system, prompt);
    int rc = mock_tg_llm(c->world->seed, &c->world->opts, "completion", input, streaming, &s);
    free(input);
    if (rc != 0) {
        c->out->oom = 1;
        return;
    }
    send_text(c, &s, streaming, "response", "response");
    mock_tg_stream_free(&s);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The prompt's input: template id, newline, the terms as compact JSON with every value as
 * JSON text ("variables" values are encoded the way the gateway encodes them). */
static char *prompt_input(const tg_call *c, const char *id)
{
    cJSON *terms = cJSON_CreateObject();
    const cJSON *given = cJSON_GetObjectItemCaseSensitive(c->req, "terms");
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(c->req, "variables");
    if (!cJSON_IsObject(given))
        given = NULL;
    if (!cJSON_IsObject(vars))
        vars = NULL;
    const cJSON *x;
    cJSON_ArrayForEach(x, given) {
        if (cJSON_IsString(x))
            cJSON_AddStringToObject(terms, x->string, x->valuestring);
    }
    cJSON_ArrayForEach(x, vars) {
        char *t = cJSON_PrintUnformatted(x);
        if (t)
            cJSON_AddStringToObject(terms, x->string, t);
        cJSON_free(t);
    }
    char *text = cJSON_PrintUnformatted(terms);
    cJSON_Delete(terms);
    if (!text)
        return NULL;
    size_t n = strlen(id) + strlen(text) + 2;
    char *input = malloc(n);
    if (input)
        snprintf(input, n, "%s\n%s", id, text);
    cJSON_free(text);
    return input;
}

void tg_svc_prompt(tg_call *c)
{
    const char *id = tg_str(c->req, "id");
    if (!id) {
        tg_fail(c, "llm-error", "No prompt template");
        return;
    }
    if (tg_failure_requested(c, id, "llm-error"))
        return;
    bool object = ends_with(id, "-json");
    bool streaming = tg_bool(c->req, "streaming") && !object;
    char *input = prompt_input(c, id);
    mock_tg_stream s;
    if (!input || mock_tg_llm(c->world->seed, &c->world->opts, "prompt", input, streaming, &s) != 0) {
        free(input);
        c->out->oom = 1;
        return;
    }
    free(input);
    if (!object) {
        send_text(c, &s, streaming, "text", "text");
    } else {
        /* Templates named *-json answer with a JSON object {"answer": text}. */
        cJSON *obj = cJSON_CreateObject();
        cJSON_AddStringToObject(obj, "answer", s.full);
        cJSON *r = cJSON_CreateObject();
        if (tg_gw(c)) {
            char *t = cJSON_PrintUnformatted(obj);
            cJSON_AddStringToObject(r, "object", t ? t : "");
            cJSON_free(t);
            cJSON_Delete(obj);
            cJSON_AddBoolToObject(r, "end_of_stream", true);
            add_tokens(c, r, &s);
        } else {
            cJSON_AddItemToObject(r, "object", obj);
            cJSON_AddBoolToObject(r, "end-of-stream", true);
        }
        tg_send(c, r, true, c->world->opts.delay_ms);
    }
    mock_tg_stream_free(&s);
}

static cJSON *rag_gw(const char *type, const char *response, bool eos, bool eosession)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "message_type", type);
    if (response)
        cJSON_AddStringToObject(r, "response", response);
    cJSON_AddBoolToObject(r, "end_of_stream", eos);
    cJSON_AddBoolToObject(r, "end_of_session", eosession);
    return r;
}

void tg_svc_rag(tg_call *c)
{
    const char *q = tg_str(c->req, "query");
    if (!q) {
        tg_missing(c, "query");
        return;
    }
    bool streaming = tg_bool(c->req, "streaming");
    bool graph = strcmp(c->service, "graph-rag") == 0;
    if (tg_failure_requested(c, q, graph ? "graph-rag-error" : "document-rag-error"))
        return;
    mock_tg_stream s;
    if (mock_tg_rag(c->world->seed, &c->world->opts, graph ? "graph-rag" : "document-rag", q, streaming, &s) != 0) {
        c->out->oom = 1;
        return;
    }
    uint32_t delay = c->world->opts.delay_ms;
    if (!tg_gw(c)) {
        mock_tg_stream chunks = s;
        if (streaming) {
            /* Only the answer pieces: the document has no explain frames. */
            size_t k = 0;
            while (k < s.count && s.steps[k].kind == MOCK_TG_STEP_EXPLAIN)
                k++;
            chunks.steps = s.steps + k;
            chunks.count = s.count - k;
            send_text(c, &chunks, true, "response", "response");
        } else {
            cJSON *r = cJSON_CreateObject();
            cJSON_AddStringToObject(r, "response", s.full);
            cJSON_AddBoolToObject(r, "end-of-stream", true);
            tg_send(c, r, true, delay);
        }
        mock_tg_stream_free(&s);
        return;
    }
    for (size_t i = 0; i < s.count; i++) {
        const mock_tg_step *st = &s.steps[i];
        cJSON *r;
        if (st->kind == MOCK_TG_STEP_EXPLAIN) {
            r = rag_gw("explain", NULL, false, false);
            cJSON_AddStringToObject(r, "explain_id", st->explain_id);
            cJSON_AddStringToObject(r, "explain_graph", EXPLAIN_GRAPH);
        } else {
            r = rag_gw("chunk", st->text, st->end_of_message, false);
        }
        tg_send(c, r, false, st->delay_ms);
    }
    cJSON *last;
    if (!streaming)
        last = rag_gw("chunk", s.full, true, true);
    else if (graph)
        last = rag_gw("chunk", "", false, true);
    else
        last = rag_gw("end", NULL, false, true);
    add_tokens(c, last, &s);
    tg_send(c, last, true, delay);
    mock_tg_stream_free(&s);
}

/* TrustGraph service handlers: one request's payload in, its frames out (tg_out), in the
 * chosen profile. Every handler emits exactly one final frame, last. */
#ifndef TG_SVC_H
#define TG_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tg_api.h"
#include "tg_frame.h"
#include "tg_out.h"
#include "trustgraph/tg_world.h"

typedef struct tg_call {
    mock_tg_world *world;
    tg_profile profile;
    const cJSON *id;         /* echoed verbatim */
    const char *service;
    const char *flow;        /* NULL for global services */
    const cJSON *req;        /* the request payload (an object) */
    tg_out *out;
    uint32_t slow_ms;        /* extra pause before the answer, asked for with "slow:<ms>" */
} tg_call;

typedef void (*tg_handler)(tg_call *call);

/* --- helpers (tg_svc_util.c) --- */

bool tg_gw(const tg_call *c);
/* The profile's spelling: gateway name or spec name. */
const char *tg_key(const tg_call *c, const char *gateway, const char *spec);
/* Request members: the string, or NULL when absent or not a string. */
const char *tg_str(const cJSON *obj, const char *key);
/* A boolean member (false when absent or not a boolean). */
bool tg_bool(const cJSON *obj, const char *key);
/* An integer member, or dflt when absent or not a number. */
long tg_long(const cJSON *obj, const char *key, long dflt);
/* The first present member among keys (NULL-terminated list). */
const cJSON *tg_member(const cJSON *obj, const char *const *keys);
/* Final or intermediate response frame. */
void tg_send(tg_call *c, cJSON *payload, bool final, uint32_t delay_ms);
/* Back-end error of type (final). */
void tg_fail(tg_call *c, const char *type, const char *message);
/* A required field is missing: gateway `'field'` inside response, spec a gateway-error
 * "Missing required field: <field>" (field in the profile's spelling). */
void tg_missing(tg_call *c, const char *field);
/* The mock back end fails on request: when text starts with "fail:", sends a back-end
 * error of type whose message is the rest of text (leading spaces dropped) and returns
 * true. Lets scenarios see each service's error shape. */
#define TG_FAIL_PREFIX "fail:"
bool tg_failure_requested(tg_call *c, const char *text, const char *type);
/* tg_failure_requested() also records a "slow:<ms>" text (tg_api.h) in c->slow_ms. */
/* Terms: spec form → gateway form (new item; NULL when term is NULL or not an object),
 * and gateway form → the profile's form (new item). */
cJSON *tg_term_in(const tg_call *c, const cJSON *term);
cJSON *tg_term_out(const tg_call *c, const cJSON *term);
/* A triple with its terms in the profile's form. */
cJSON *tg_triple_out(const tg_call *c, const cJSON *triple);
/* The flow's "model" parameter, or "mock-llm". Writes into buf. */
const char *tg_flow_model(const tg_call *c, char *buf, size_t len);
/* A request vector (array of numbers) as micro-units, padded or cut to dim; false when
 * v is not an array of numbers. */
bool tg_vector_micro(const cJSON *v, unsigned dim, int64_t *out);

/* --- services --- */
void tg_svc_config(tg_call *c);
void tg_svc_flow(tg_call *c);
void tg_svc_librarian(tg_call *c);
void tg_svc_knowledge(tg_call *c);
void tg_svc_collections(tg_call *c);
void tg_svc_agent(tg_call *c);
void tg_svc_text_completion(tg_call *c);
void tg_svc_prompt(tg_call *c);
void tg_svc_rag(tg_call *c);
void tg_svc_embeddings(tg_call *c);
void tg_svc_graph_embeddings(tg_call *c);
void tg_svc_document_embeddings(tg_call *c);
void tg_svc_row_embeddings(tg_call *c);
void tg_svc_triples(tg_call *c);
void tg_svc_rows(tg_call *c);
void tg_svc_nlp_query(tg_call *c);
void tg_svc_structured_query(tg_call *c);
void tg_svc_structured_diag(tg_call *c);
void tg_svc_mcp_tool(tg_call *c);
void tg_svc_sparql(tg_call *c);
void tg_svc_text_load(tg_call *c);
void tg_svc_document_load(tg_call *c);

#endif

/* The HIRO graph API (graph-2.0.0) wire model: request envelopes
 * {id, type, _TOKEN?, headers, body} and response envelopes {id, multi, more, body} /
 * {id, error}, including list answers fragmented one item per envelope and blob
 * content in base64 chunks. Pure: the dialect decides when to send each frame. */
#ifndef HIRO_GRAPH_MSG_H
#define HIRO_GRAPH_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "hiro_stream.h" /* hiro_status */

typedef enum {
    HIRO_G_GET,
    HIRO_G_CREATE,
    HIRO_G_UPDATE,
    HIRO_G_REPLACE,
    HIRO_G_DELETE,
    HIRO_G_CONNECT,
    HIRO_G_QUERY,
    HIRO_G_WRITETS,
    HIRO_G_STREAMTS,
    HIRO_G_HISTORY,
    HIRO_G_ME, /* "me" and "getme" */
    HIRO_G_GETCONTENT,
    HIRO_G_META,
    HIRO_G_TYPE_COUNT
} hiro_graph_type;

typedef struct {
    cJSON *root;           /* the parsed request (owned; freed by hiro_graph_req_free) */
    const cJSON *id;       /* string or number item, echoed verbatim; NULL when unusable */
    hiro_graph_type type;
    const char *type_name; /* as sent: "me" or "getme", ... */
    const char *token;     /* "_TOKEN" (overrides the connection's token), or NULL */
    const cJSON *headers;  /* object or NULL */
    const cJSON *body;     /* object or NULL */
} hiro_graph_req;

/* Parses one request. 0, or -1 with st->code 400 and a message. Either way call
 * hiro_graph_req_free; after a failure req->id is set when the request had a usable id,
 * so the error can name it. */
int hiro_graph_req_parse(const char *text, size_t len, hiro_graph_req *req, hiro_status *st);
void hiro_graph_req_free(hiro_graph_req *req);

/* A parameter from headers, else body. JSON false and null count as unset (the JS
 * client sends false for "not given"). */
const cJSON *hiro_graph_param(const hiro_graph_req *req, const char *name);
/* The parameter as text: strings as they are, numbers in shortest form ("50", "1.5"),
 * true as "true"; NULL when unset, an object/array, or too long for buf. */
const char *hiro_graph_param_text(const hiro_graph_req *req, const char *name, char *buf, size_t size);
/* true for JSON true or the string "true". */
bool hiro_graph_param_bool(const hiro_graph_req *req, const char *name);

/* --- responses (compact JSON text; caller frees; NULL when out of memory) --- */

/* {"id":<id>,"multi":false,"more":false,"body":<body>} */
char *hiro_graph_single(const cJSON *id, const cJSON *body);
/* {"id":<id>,"multi":true,"more":<more>,"body":<item or null>} */
char *hiro_graph_part(const cJSON *id, const cJSON *item, bool more);
/* {"id":<id>,"error":{"code":<code>,"message":<message>}}; no "id" when id is NULL. */
char *hiro_graph_error(const cJSON *id, int code, const char *message);

/* A multi-part answer handed out one envelope at a time, so the dialect can interleave
 * answers of several requests. */
typedef struct hiro_graph_answer hiro_graph_answer;

/* A list: one envelope per item, "more":true on all but the last; an empty list is one
 * envelope with "more":false and "body":null. Copies id and items (an array). */
hiro_graph_answer *hiro_graph_answer_list(const cJSON *id, const cJSON *items);
/* Blob content: chunks of chunk_size raw bytes (rounded down to a multiple of 3, at
 * least 3, so the chunks' base64 also concatenates to valid base64), each
 * {"id","multi":true,"more":!last,"last":last,"body":{"data":<base64>,"encoding":"base64"}};
 * an empty blob is one final chunk with "data":"". Copies id and data. */
hiro_graph_answer *hiro_graph_answer_blob(const cJSON *id, const unsigned char *data, size_t len,
                                          size_t chunk_size);
/* The next envelope (caller frees), or NULL when the answer is complete. */
char *hiro_graph_answer_next(hiro_graph_answer *a);
bool hiro_graph_answer_done(const hiro_graph_answer *a);
size_t hiro_graph_answer_total(const hiro_graph_answer *a); /* envelopes in all */
void hiro_graph_answer_free(hiro_graph_answer *a);

#endif

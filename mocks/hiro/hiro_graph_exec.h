/* Graph API requests carried out on the graph store: what each request type reads from
 * headers/body, which store call answers it, the shape of the answer (single object,
 * list to fragment, blob to chunk, or error) and the events to publish. Framing the
 * answer (hiro_graph_single / hiro_graph_answer_*) is left to the caller. */
#ifndef HIRO_GRAPH_EXEC_H
#define HIRO_GRAPH_EXEC_H

#include "hiro_graph_msg.h"
#include "hiro_store.h"

typedef enum { HIRO_GR_SINGLE, HIRO_GR_LIST, HIRO_GR_BLOB, HIRO_GR_ERROR } hiro_graph_result_kind;

typedef struct {
    hiro_graph_result_kind kind;
    cJSON *body;               /* SINGLE: the body; LIST: the array of items (owned) */
    const unsigned char *blob; /* BLOB: borrowed from the store, valid until it changes */
    size_t blob_len;
    hiro_status error;         /* ERROR: code and message */
    hiro_event *event;         /* the change to publish, or NULL (owned) */
} hiro_graph_result;

/* Carries out req as who. Never fails without an answer: errors come back as
 * HIRO_GR_ERROR (400 for missing or malformed parameters, the store's 404/409, 500). */
void hiro_graph_execute(hiro_store *s, const hiro_graph_req *req, const hiro_actor *who, hiro_graph_result *out);
/* Frees body and event (not the struct). */
void hiro_graph_result_free(hiro_graph_result *r);

#endif

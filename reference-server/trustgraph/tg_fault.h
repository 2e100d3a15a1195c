/* Deliberate deviations for the self-test (mocks/trustgraph/tg_faults.h): each rewrites a
 * request, an answer's frames, a REST reply or a handshake decision, so the modules that
 * build correct answers stay free of fault branches. */
#ifndef TG_FAULT_H
#define TG_FAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "dialect.h"
#include "tg_frame.h"
#include "tg_out.h"
#include "trustgraph/tg_faults.h"

typedef struct tg_faults {
    bool on[MOCK_TG_FAULT_COUNT];
    bool any;
} tg_faults;

void tg_faults_load(tg_faults *f, const mock_fault_set *set);

/* The frame's service name (new string), or NULL when it has none or no fault is on. */
char *tg_fault_service(const tg_faults *f, const char *data, size_t len);

/* A rewritten request (new compact JSON text), or NULL to handle the frame as it is. */
char *tg_fault_request(const tg_faults *f, tg_profile p, const char *data, size_t len);

/* Rewrites the frames of one answer; service may be NULL. */
void tg_fault_answer(const tg_faults *f, tg_profile p, const char *service, tg_out *out);

/* True when the answer is one frame with a top-level error (an envelope error). */
bool tg_fault_is_envelope_error(const tg_out *out);

/* Rewrites a REST reply. */
void tg_fault_rest(const tg_faults *f, tg_profile p, wsrv_response *res);

#endif

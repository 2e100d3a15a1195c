/* Hanami's REST endpoints: the document's /v1/... paths, the aliases of the real
 * releases (/control/v1/... of v0.4.x, /v1.0alpha/... of v0.5.0, each with its own
 * response fields and name limits), and the wsconf extension GET /wsconf/v1/dataset/digest
 * (not part of Hanami's API) that reports a finalized dataset's size and SHA-256. */
#ifndef WSRV_HN_REST_H
#define WSRV_HN_REST_H

#include "hn_state.h"

void hn_rest_handle(hn_state *st, const wsrv_request *req, wsrv_response *res);

#endif

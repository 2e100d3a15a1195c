/* The REST twins of the socket (protocols §1.11): POST /api/v1/{kind} and
 * POST /api/v1/flow/{flow}/service/{kind} take the socket's request object as the body
 * and answer with the last frame's response. Auth: Authorization: Bearer <secret>. */
#ifndef TG_REST_H
#define TG_REST_H

#include "dialect.h"
#include "tg_frame.h"
#include "trustgraph/tg_world.h"

/* secret NULL: no auth configured. Leaves res->status at 404 for other paths. */
void tg_rest(mock_tg_world *w, tg_profile p, const char *secret, const wsrv_request *req, wsrv_response *res);

#endif

/* Builds a wsrv_request (dialect.h) from the headers lws parsed for a connection. */
#ifndef WSRV_HTTP_REQUEST_H
#define WSRV_HTTP_REQUEST_H

#include <libwebsockets.h>

#include "dialect.h"

/* Storage behind one request: its path and query texts and the header values handed out. */
typedef struct wsrv_request_store {
    struct lws *wsi;
    char method[16];
    char *path;
    char *query;
    struct wsrv_header_copy *copies;
    bool upgrading;                  /* the opening handshake: a subprotocol may be selected */
    char selected[64];               /* wsrv_request_select_subprotocol's name, or "" */
} wsrv_request_store;

/* Fills *req from wsi's headers (body left empty). lws hands the URI over already
 * percent-decoded (and "+" in the query as a space), so path and query are re-encoded:
 * decoding them with wsrv_query_param gives back the client's values. Returns 0, or -1
 * when out of memory (nothing to release then). */
int wsrv_request_init(wsrv_request *req, wsrv_request_store *st, struct lws *wsi);
/* Frees what the request handed out; the request is invalid afterwards. */
void wsrv_request_release(wsrv_request_store *st);

#endif

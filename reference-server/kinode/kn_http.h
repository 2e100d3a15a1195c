/* The node's plain HTTP routes: POST /login (mints the auth cookie), GET /login (the
 * login page), GET /our, GET /our.js, and the HTTP bindings of processes. */
#ifndef KN_HTTP_H
#define KN_HTTP_H

#include "dialect.h"
#include "kinode/kn_node.h"

/* Tokens minted by /login expire after 26 weeks, as Kinode's do. */
#define KN_LOGIN_LIFETIME_S (26 * 7 * 24 * 3600)

void kn_http_handle(kn_node *n, const wsrv_request *req, wsrv_response *res);

#endif

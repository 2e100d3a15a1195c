/* The node's authentication: the auth cookie of an upgrade or HTTP request and the
 * token in it. */
#ifndef KN_AUTH_H
#define KN_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "kinode/kn_jwt.h"

/* The value of cookie name in a Cookie header, split the way Kinode splits it: pieces
 * separated by exactly "; ", each of which must split on '=' into exactly two parts.
 * Returns a pointer into header and its length, or NULL. */
const char *kn_cookie_value(const char *header, const char *name, size_t *len);

/* "kinode-auth_<node>" into out; false when it does not fit. */
bool kn_cookie_name(const char *node, char *out, size_t outlen);

#endif

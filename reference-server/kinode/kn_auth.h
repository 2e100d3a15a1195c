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
/* The cookie of a secure subdomain binding, "kinode-auth_<node>@<process-id>". */
bool kn_secure_cookie_name(const char *node, const char *process, char *out, size_t outlen);
/* The secure subdomain of a process "<name>:<package>:<publisher>": "<package>-<publisher>"
 * with every character that is not an ASCII letter or digit replaced by '-'. False when
 * the id has no two ':' or the result does not fit. */
bool kn_secure_subdomain(const char *process, char *out, size_t outlen);

#endif

/* Pure helpers for HTTP request parts, shared by the core and dialect unit tests (library
 * wsrv_util). wsrv_query_param and wsrv_cookie are declared in dialect.h. */
#ifndef WSRV_HTTP_UTIL_H
#define WSRV_HTTP_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "dialect.h"

/* Appends len bytes to out (capacity cap, always NUL-terminated), percent-encoding every
 * byte that is not an RFC 3986 unreserved character and not in keep. *at is the current
 * length. Returns false when out is too small (out then holds a truncated prefix). */
bool wsrv_pct_encode(char *out, size_t cap, size_t *at, const char *data, size_t len, const char *keep);

/* Decodes %XX escapes, and '+' as a space when plus_is_space, from src[0..len) into out
 * (capacity outlen, NUL-terminated). A '%' not followed by two hex digits is kept as is.
 * Returns the decoded length, or -1 when out is too small. */
long wsrv_pct_decode(const char *src, size_t len, bool plus_is_space, char *out, size_t outlen);

#endif

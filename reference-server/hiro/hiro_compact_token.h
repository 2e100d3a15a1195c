/* Compact tokens "<sub>.<exp>.<mac>" short enough for a libwebsockets subprotocol entry
 * (see hiro_compact_token.c). */
#ifndef WSRV_HIRO_COMPACT_TOKEN_H
#define WSRV_HIRO_COMPACT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hiro/hiro_token.h"

/* false: token is not in the compact form (try it as a JWT). true: *status says whether
 * it is valid (OK, BAD_SIGNATURE, EXPIRED); *out (may be NULL) gets sub and exp, also
 * when the signature is wrong (the caller decides by *status). */
bool hiro_compact_token_verify(const unsigned char *key, size_t keylen, const char *token, int64_t now_ms,
                               hiro_token_claims *out, hiro_token_status *status);

#endif

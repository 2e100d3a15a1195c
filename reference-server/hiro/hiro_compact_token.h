/* Compact tokens "<sub>.<exp>.<mac>" short enough for a libwebsockets subprotocol entry
 * (see hiro_compact_token.c). */
#ifndef WSRV_HIRO_COMPACT_TOKEN_H
#define WSRV_HIRO_COMPACT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hiro/hiro_token.h"

#define HIRO_COMPACT_SUB_MAX 16

/* Writes the compact token of account sub (1..16 characters [A-Za-z0-9_-]) expiring at
 * exp_s (seconds) into out; false when sub is not allowed or out is too small. */
bool hiro_compact_token_issue(const unsigned char *key, size_t keylen, const char *sub, int64_t exp_s, char *out,
                              size_t size);

/* false: token is not in the compact form (try it as a JWT). true: *status says whether
 * it is valid (OK, BAD_SIGNATURE, EXPIRED); *out (may be NULL) gets sub and exp, also
 * when the signature is wrong (the caller decides by *status). */
bool hiro_compact_token_verify(const unsigned char *key, size_t keylen, const char *token, int64_t now_ms,
                               hiro_token_claims *out, hiro_token_status *status);

#endif

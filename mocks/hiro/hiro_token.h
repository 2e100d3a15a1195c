/* HIRO access tokens.
 *
 * The server issues and checks its own tokens: JWTs signed with HMAC-SHA256 (real HIRO
 * tokens are JWTs; clients decode the payload), claims "sub" (the account), "iat" and
 * "exp" (NumericDate seconds, with a millisecond fraction when needed, which RFC 7519
 * allows) and "data": {"default-scope": ...} (the account's default scope, as
 * hiro-client-python reads it). */
#ifndef HIRO_TOKEN_H
#define HIRO_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIRO_TOKEN_MAX_LEN 8192

typedef struct {
    char sub[128];
    char default_scope[128]; /* "" when none */
    int64_t iat_ms;
    int64_t exp_ms;
} hiro_token_claims;

typedef enum {
    HIRO_TOKEN_OK,
    HIRO_TOKEN_MISSING,       /* NULL or empty */
    HIRO_TOKEN_MALFORMED,     /* not three base64url parts, bad JSON, alg other than HS256, no exp */
    HIRO_TOKEN_BAD_SIGNATURE, /* not signed with this server's key */
    HIRO_TOKEN_EXPIRED        /* now >= exp */
} hiro_token_status;

/* Signed token text (caller frees); NULL when out of memory or claims don't fit. */
char *hiro_token_issue(const unsigned char *key, size_t keylen, const hiro_token_claims *c);
/* Checks token against key at time now_ms; fills *out (may be NULL) when the token is
 * well formed and correctly signed, also when it has expired, and with the unverified
 * claims of a token whose only fault is its signature (for diagnostics; never trust
 * them). */
hiro_token_status hiro_token_verify(const unsigned char *key, size_t keylen, const char *token, int64_t now_ms,
                                    hiro_token_claims *out);
/* Text for the 401 error message: "token missing", "token expired", ... */
const char *hiro_token_status_message(hiro_token_status st);

#endif

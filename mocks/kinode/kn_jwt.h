/* HS256 JSON Web Tokens as a Kinode node issues and checks them: header {"alg":"HS256"},
 * claims {"username":<node>,"subdomain":null,"expiration":<unix seconds>}, base64url
 * without padding, HMAC-SHA-256 with the node's secret (RFC 7515, RFC 7519). */
#ifndef KN_JWT_H
#define KN_JWT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a token was refused (the order is the order of the checks). */
typedef enum kn_jwt_status {
    KN_JWT_OK,
    KN_JWT_MALFORMED,     /* not three non-empty base64url segments, or undecodable */
    KN_JWT_BAD_HEADER,    /* header not a JSON object with "alg":"HS256" */
    KN_JWT_BAD_SIGNATURE, /* HMAC does not match */
    KN_JWT_BAD_CLAIMS,    /* claims not an object with string username, integer expiration >= 0 */
    KN_JWT_WRONG_NODE,    /* username is not the node's name */
    KN_JWT_SUBDOMAIN,     /* subdomain not the binding's: set for an ordinary binding, another
                             (or none) for a secure one */
    KN_JWT_EXPIRED,       /* expiration <= now */
} kn_jwt_status;

const char *kn_jwt_status_name(kn_jwt_status s);

/* The base64url HS256 signature (43 characters + NUL) of len bytes of signing input. */
bool kn_jwt_hs256(const void *key, size_t keylen, const char *input, size_t len, char out[44]);
/* "<b64url(header_json)>.<b64url(claims_json)>.<signature>", malloc'd; the JSON texts are
 * encoded byte for byte as given. NULL when out of memory. */
char *kn_jwt_sign(const void *key, size_t keylen, const char *header_json, const char *claims_json);
/* A node token for node, expiring at expiration (unix seconds). malloc'd. */
char *kn_jwt_mint(const void *key, size_t keylen, const char *node, uint64_t expiration);

/* What kn_jwt_verify checks beyond the signature. */
typedef struct kn_jwt_policy {
    const char *node;     /* required username; NULL: any */
    bool check_subdomain; /* a non-null subdomain is refused (unless subdomain is given) */
    const char *subdomain; /* non-NULL: the subdomain claim must be exactly this string */
    bool check_expiry;    /* expiration must be after now_s */
    double now_s;
} kn_jwt_policy;

/* Checks len bytes of token. policy NULL: signature and header only. */
kn_jwt_status kn_jwt_verify(const char *token, size_t len, const void *key, size_t keylen,
                            const kn_jwt_policy *policy);

#endif

#include "kn_jwt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "kn_b64url.h"

/* Tokens longer than this are refused before decoding (real tokens are ~150 bytes). */
#define KN_JWT_MAX_LEN 8192

const char *kn_jwt_status_name(kn_jwt_status s)
{
    switch (s) {
    case KN_JWT_OK: return "ok";
    case KN_JWT_MALFORMED: return "malformed";
    case KN_JWT_BAD_HEADER: return "bad header";
    case KN_JWT_BAD_SIGNATURE: return "bad signature";
    case KN_JWT_BAD_CLAIMS: return "bad claims";
    case KN_JWT_WRONG_NODE: return "wrong node";
    case KN_JWT_SUBDOMAIN: return "subdomain token";
    case KN_JWT_EXPIRED: return "expired";
    }
    return "unknown";
}

static bool kn_hmac_sha256(const void *key, size_t keylen, const void *input, size_t len, unsigned char mac[32])
{
    unsigned int maclen = 0;
    /* HMAC() takes an int key length; an empty key needs a non-NULL pointer. */
    if (keylen > 0x7fffffff)
        return false;
    return HMAC(EVP_sha256(), keylen ? key : "", (int)keylen, input, len, mac, &maclen) && maclen == 32;
}

bool kn_jwt_hs256(const void *key, size_t keylen, const char *input, size_t len, char out[44])
{
    unsigned char mac[32];
    if (!kn_hmac_sha256(key, keylen, input, len, mac))
        return false;
    kn_b64url_encode(mac, sizeof mac, out);
    return true;
}

char *kn_jwt_sign(const void *key, size_t keylen, const char *header_json, const char *claims_json)
{
    size_t hl = strlen(header_json), cl = strlen(claims_json);
    size_t he = kn_b64url_encoded_len(hl), ce = kn_b64url_encoded_len(cl);
    char *tok = malloc(he + 1 + ce + 1 + 43 + 1);
    if (!tok)
        return NULL;
    kn_b64url_encode(header_json, hl, tok);
    tok[he] = '.';
    kn_b64url_encode(claims_json, cl, tok + he + 1);
    tok[he + 1 + ce] = '.';
    if (!kn_jwt_hs256(key, keylen, tok, he + 1 + ce, tok + he + 1 + ce + 1)) {
        free(tok);
        return NULL;
    }
    return tok;
}

char *kn_jwt_mint(const void *key, size_t keylen, const char *node, uint64_t expiration)
{
    /* Built with cJSON so a node name with quotes stays valid JSON; key order as Kinode's. */
    cJSON *claims = cJSON_CreateObject();
    char *text = NULL, *tok = NULL;
    char exp[24];
    snprintf(exp, sizeof exp, "%llu", (unsigned long long)expiration);
    if (claims && cJSON_AddStringToObject(claims, "username", node) && cJSON_AddNullToObject(claims, "subdomain") &&
        cJSON_AddRawToObject(claims, "expiration", exp))
        text = cJSON_PrintUnformatted(claims);
    if (text)
        tok = kn_jwt_sign(key, keylen, "{\"alg\":\"HS256\"}", text);
    cJSON_free(text);
    cJSON_Delete(claims);
    return tok;
}

static bool kn_segment_ok(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* Decodes one base64url segment holding JSON into a parsed object, or NULL. */
static cJSON *kn_segment_json(const char *s, size_t len)
{
    unsigned char *buf = malloc(len * 3 / 4 + 1);
    size_t n = 0;
    cJSON *v = NULL;
    if (buf && kn_b64url_decode(s, len, buf, &n))
        v = cJSON_ParseWithLength((const char *)buf, n);
    free(buf);
    if (v && !cJSON_IsObject(v)) {
        cJSON_Delete(v);
        v = NULL;
    }
    return v;
}

static kn_jwt_status kn_check_claims(const cJSON *claims, const kn_jwt_policy *p)
{
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(claims, "username");
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(claims, "expiration");
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(claims, "subdomain");
    /* Kinode deserialises expiration as u64 and subdomain as Option<String>. */
    if (!cJSON_IsString(user) || !cJSON_IsNumber(exp) || exp->valuedouble < 0 ||
        exp->valuedouble != floor(exp->valuedouble) || exp->valuedouble >= 18446744073709551616.0 ||
        (sub && !cJSON_IsNull(sub) && !cJSON_IsString(sub)))
        return KN_JWT_BAD_CLAIMS;
    if (p->node && strcmp(user->valuestring, p->node) != 0)
        return KN_JWT_WRONG_NODE;
    if (p->subdomain) {
        if (!cJSON_IsString(sub) || strcmp(sub->valuestring, p->subdomain) != 0)
            return KN_JWT_SUBDOMAIN;
    } else if (p->check_subdomain && cJSON_IsString(sub)) {
        return KN_JWT_SUBDOMAIN;
    }
    if (p->check_expiry && exp->valuedouble <= p->now_s)
        return KN_JWT_EXPIRED;
    return KN_JWT_OK;
}

kn_jwt_status kn_jwt_verify(const char *token, size_t len, const void *key, size_t keylen,
                            const kn_jwt_policy *policy)
{
    if (!token || len > KN_JWT_MAX_LEN)
        return KN_JWT_MALFORMED;
    const char *d1 = memchr(token, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token)) : NULL;
    if (!d2)
        return KN_JWT_MALFORMED;
    size_t hl = (size_t)(d1 - token), cl = (size_t)(d2 - d1 - 1), sl = len - (size_t)(d2 + 1 - token);
    if (!kn_segment_ok(token, hl) || !kn_segment_ok(d1 + 1, cl) || !kn_segment_ok(d2 + 1, sl))
        return KN_JWT_MALFORMED;

    cJSON *header = kn_segment_json(token, hl);
    if (!header)
        return KN_JWT_MALFORMED;
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(header, "alg");
    bool hs256 = cJSON_IsString(alg) && strcmp(alg->valuestring, "HS256") == 0;
    cJSON_Delete(header);
    if (!hs256)
        return KN_JWT_BAD_HEADER;

    unsigned char sig[64], mac[32];
    size_t siglen = 0;
    if (sl > 86 || !kn_b64url_decode(d2 + 1, sl, sig, &siglen))
        return KN_JWT_MALFORMED;
    if (!kn_hmac_sha256(key, keylen, token, hl + 1 + cl, mac) || siglen != sizeof mac ||
        CRYPTO_memcmp(sig, mac, sizeof mac) != 0)
        return KN_JWT_BAD_SIGNATURE;
    if (!policy)
        return KN_JWT_OK;

    cJSON *claims = kn_segment_json(d1 + 1, cl);
    if (!claims)
        return KN_JWT_BAD_CLAIMS;
    kn_jwt_status st = kn_check_claims(claims, policy);
    cJSON_Delete(claims);
    return st;
}

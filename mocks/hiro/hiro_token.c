/* HS256 JWTs issued and checked by the server (see hiro_token.h). */
#include "hiro_token.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char HEADER_JSON[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

/* Unpadded base64url of n bytes into out (4*ceil(n/3)+1 bytes); returns the length. */
static size_t b64url_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = B64URL[(v >> 18) & 63];
        out[o++] = B64URL[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = B64URL[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = B64URL[v & 63];
    }
    out[o] = '\0';
    return o;
}

static int b64url_value(char c)
{
    const char *p = c ? strchr(B64URL, c) : NULL;
    return p ? (int)(p - B64URL) : -1;
}

/* Decodes unpadded base64url s[0..n) into out (at least n bytes + 1, NUL-terminated);
 * returns the decoded length or -1 when s is not base64url. */
static long b64url_decode(const char *s, size_t n, unsigned char *out)
{
    if (n % 4 == 1)
        return -1;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64url_value(s[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    out[o] = '\0';
    return (long)o;
}

static void sign(const unsigned char *key, size_t keylen, const char *data, size_t n, unsigned char mac[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)data, n, mac, &len);
}

char *hiro_token_issue(const unsigned char *key, size_t keylen, const hiro_token_claims *c)
{
    cJSON *p = cJSON_CreateObject();
    cJSON *data = NULL;
    bool ok = p && cJSON_AddStringToObject(p, "sub", c->sub) &&
              cJSON_AddNumberToObject(p, "iat", (double)c->iat_ms / 1000.0) &&
              cJSON_AddNumberToObject(p, "exp", (double)c->exp_ms / 1000.0) &&
              (data = cJSON_AddObjectToObject(p, "data")) &&
              (!c->default_scope[0] || cJSON_AddStringToObject(data, "default-scope", c->default_scope));
    char *payload = ok ? cJSON_PrintUnformatted(p) : NULL;
    cJSON_Delete(p);
    if (!payload)
        return NULL;
    size_t hl = strlen(HEADER_JSON), pl = strlen(payload);
    size_t cap = (hl + 2) / 3 * 4 + (pl + 2) / 3 * 4 + 44 + 3;
    char *t = malloc(cap);
    if (t) {
        size_t n = b64url_encode((const unsigned char *)HEADER_JSON, hl, t);
        t[n++] = '.';
        n += b64url_encode((const unsigned char *)payload, pl, t + n);
        unsigned char mac[32];
        sign(key, keylen, t, n, mac);
        t[n++] = '.';
        b64url_encode(mac, sizeof mac, t + n);
    }
    free(payload);
    return t;
}

/* Copies a string member into dst (size 128); false when present but not a string or too long. */
static bool copy_claim(const cJSON *obj, const char *name, char dst[128])
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
    dst[0] = '\0';
    if (!v)
        return true;
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= 128)
        return false;
    strcpy(dst, v->valuestring);
    return true;
}

/* Decodes a base64url JSON part into a cJSON object (caller owns), or NULL. */
static cJSON *decode_json_part(const char *s, size_t n)
{
    unsigned char *buf = malloc(n + 1);
    if (!buf)
        return NULL;
    long len = b64url_decode(s, n, buf);
    cJSON *j = len >= 0 ? cJSON_ParseWithLength((const char *)buf, (size_t)len) : NULL;
    free(buf);
    if (j && !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

/* The claims of a payload part; false when it is not JSON or lacks a numeric exp. */
static bool read_claims(const char *part, size_t n, hiro_token_claims *c)
{
    cJSON *payload = decode_json_part(part, n);
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(payload, "exp");
    const cJSON *iat = cJSON_GetObjectItemCaseSensitive(payload, "iat");
    bool ok = payload && cJSON_IsNumber(exp) && isfinite(exp->valuedouble) && fabs(exp->valuedouble) < 1e13 &&
              (!iat || (cJSON_IsNumber(iat) && fabs(iat->valuedouble) < 1e13)) && copy_claim(payload, "sub", c->sub) &&
              copy_claim(cJSON_GetObjectItemCaseSensitive(payload, "data"), "default-scope", c->default_scope);
    if (ok) {
        c->exp_ms = llround(exp->valuedouble * 1000.0);
        c->iat_ms = iat ? llround(iat->valuedouble * 1000.0) : 0;
    }
    cJSON_Delete(payload);
    return ok;
}

hiro_token_status hiro_token_verify(const unsigned char *key, size_t keylen, const char *token, int64_t now_ms,
                                    hiro_token_claims *out)
{
    if (!token || !token[0])
        return HIRO_TOKEN_MISSING;
    size_t len = strnlen(token, HIRO_TOKEN_MAX_LEN + 1);
    if (len > HIRO_TOKEN_MAX_LEN)
        return HIRO_TOKEN_MALFORMED;
    const char *d1 = memchr(token, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token)) : NULL;
    if (!d1 || !d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - token)))
        return HIRO_TOKEN_MALFORMED;

    cJSON *header = decode_json_part(token, (size_t)(d1 - token));
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(header, "alg");
    bool hs256 = cJSON_IsString(alg) && strcmp(alg->valuestring, "HS256") == 0;
    cJSON_Delete(header);
    if (!hs256)
        return HIRO_TOKEN_MALFORMED;

    const char *sig = d2 + 1;
    size_t sig_len = len - (size_t)(sig - token);
    unsigned char given[64];
    if (sig_len > 44 || b64url_decode(sig, sig_len, given) != 32)
        return HIRO_TOKEN_MALFORMED;
    unsigned char mac[32];
    sign(key, keylen, token, (size_t)(d2 - token), mac);
    bool signed_ok = CRYPTO_memcmp(mac, given, sizeof mac) == 0;

    hiro_token_claims c = { 0 };
    bool ok = read_claims(d1 + 1, (size_t)(d2 - d1 - 1), &c);
    if (!signed_ok) {
        /* unverified claims, for diagnostics only */
        if (ok && out)
            *out = c;
        return HIRO_TOKEN_BAD_SIGNATURE;
    }
    if (!ok)
        return HIRO_TOKEN_MALFORMED;
    if (out)
        *out = c;
    return now_ms >= c.exp_ms ? HIRO_TOKEN_EXPIRED : HIRO_TOKEN_OK;
}

const char *hiro_token_status_message(hiro_token_status st)
{
    switch (st) {
    case HIRO_TOKEN_OK: return "token valid";
    case HIRO_TOKEN_MISSING: return "authentication required";
    case HIRO_TOKEN_MALFORMED: return "token malformed";
    case HIRO_TOKEN_BAD_SIGNATURE: return "token invalid";
    case HIRO_TOKEN_EXPIRED: return "token expired";
    }
    return "token invalid";
}

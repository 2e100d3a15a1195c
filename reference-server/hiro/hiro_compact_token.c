/* Compact tokens for the handshake offer.
 *
 * libwebsockets 4.1 refuses a Sec-WebSocket-Protocol entry of 64 bytes or more (and a
 * list of 128 or more), so "token-<JWT>" can never pass it: an HS256 signature alone is
 * 43 characters. Beside the JWTs of mocks/hiro/hiro_token.c the dialect therefore
 * accepts "<sub>.<exp>.<mac>": sub 1..16 characters [A-Za-z0-9_-], exp NumericDate
 * seconds (decimal), mac the first 22 characters of base64url(HMAC-SHA256(key,
 * "<sub>.<exp>")) — at most 50 characters, 56 with "token-". */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hiro_compact_token.h"

#define MAC_CHARS 22
#define SUB_MAX HIRO_COMPACT_SUB_MAX

static void b64url(const unsigned char *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        if (i + 1 < n)
            out[o++] = abc[v >> 6 & 63];
        if (i + 2 < n)
            out[o++] = abc[v & 63];
    }
    out[o] = '\0';
}

static bool sub_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void mac_text(const unsigned char *key, size_t keylen, const char *signing, size_t n, char text[48])
{
    unsigned char mac[32];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)signing, n, mac, &mac_len);
    b64url(mac, sizeof mac, text);
}

bool hiro_compact_token_issue(const unsigned char *key, size_t keylen, const char *sub, int64_t exp_s, char *out,
                              size_t size)
{
    size_t n = strlen(sub);
    if (n == 0 || n > SUB_MAX || exp_s < 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!sub_char(sub[i]))
            return false;
    char signing[64];
    int len = snprintf(signing, sizeof signing, "%s.%lld", sub, (long long)exp_s);
    char text[48];
    mac_text(key, keylen, signing, (size_t)len, text);
    return snprintf(out, size, "%s.%.22s", signing, text) < (int)size;
}

bool hiro_compact_token_verify(const unsigned char *key, size_t keylen, const char *token, int64_t now_ms,
                               hiro_token_claims *out, hiro_token_status *status)
{
    const char *d1 = strchr(token, '.');
    const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2 || strchr(d2 + 1, '.'))
        return false;
    size_t sub_len = (size_t)(d1 - token), exp_len = (size_t)(d2 - d1 - 1);
    if (sub_len == 0 || sub_len > SUB_MAX || exp_len == 0 || exp_len > 12 || strlen(d2 + 1) != MAC_CHARS)
        return false;
    for (size_t i = 0; i < sub_len; i++)
        if (!sub_char(token[i]))
            return false;
    int64_t exp = 0;
    for (const char *p = d1 + 1; p < d2; p++) {
        if (*p < '0' || *p > '9')
            return false;
        exp = exp * 10 + (*p - '0');
    }
    char text[48];
    mac_text(key, keylen, token, (size_t)(d2 - token), text);
    hiro_token_claims c = { 0 };
    memcpy(c.sub, token, sub_len);
    c.exp_ms = exp * 1000;
    if (out)
        *out = c;
    if (CRYPTO_memcmp(text, d2 + 1, MAC_CHARS) != 0)
        *status = HIRO_TOKEN_BAD_SIGNATURE;
    else
        *status = now_ms >= c.exp_ms ? HIRO_TOKEN_EXPIRED : HIRO_TOKEN_OK;
    return true;
}

/* Hashes, encodings and deterministic test bytes (see wsc_crypto.h). OpenSSL does the
 * cryptography; the encodings are small enough to write out. */
#include "wsc_crypto.h"

#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

void wsc_sha256(const void *data, size_t len, unsigned char out[WSC_SHA256_LEN])
{
    SHA256(data, len, out);
}

void wsc_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len,
                     unsigned char out[WSC_SHA256_LEN])
{
    unsigned int n = WSC_SHA256_LEN;
    static const unsigned char empty = 0;
    /* HMAC() treats a NULL key as "reuse the previous one": pass a real pointer. */
    HMAC(EVP_sha256(), key_len ? key : &empty, (int)key_len, msg_len ? msg : &empty, msg_len, out, &n);
}

void wsc_hex(const void *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * len] = '\0';
}

static const char std_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t wsc_base64_size(size_t len)
{
    return (len + 2) / 3 * 4 + 1;
}

size_t wsc_base64(const void *data, size_t len, int url, char *out)
{
    const unsigned char *p = data;
    const char *a = url ? url_alphabet : std_alphabet;
    size_t o = 0, i = 0;
    for (; i + 3 <= len; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = a[(v >> 6) & 63];
        out[o++] = a[v & 63];
    }
    size_t rest = len - i;
    if (rest) {
        unsigned v = (unsigned)p[i] << 16 | (rest == 2 ? (unsigned)p[i + 1] << 8 : 0);
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        if (rest == 2) out[o++] = a[(v >> 6) & 63];
        if (!url) {
            if (rest == 1) out[o++] = '=';
            out[o++] = '=';
        }
    }
    out[o] = '\0';
    return o;
}

static int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

long wsc_base64_decode(const char *in, size_t len, unsigned char *out, char *err, size_t errlen)
{
    size_t pad = 0;
    while (pad < 2 && len > pad && in[len - 1 - pad] == '=') pad++;
    size_t body = len - pad;
    for (size_t i = 0; i < body; i++) {
        if (sextet(in[i]) < 0) {
            snprintf(err, errlen, "invalid character at offset %zu", i);
            return -1;
        }
    }
    if (pad && len % 4 != 0) {
        snprintf(err, errlen, "padding does not complete a 4-character group");
        return -1;
    }
    if (body % 4 == 1) {
        snprintf(err, errlen, "length %zu cannot be base64 (one character left over)", body);
        return -1;
    }
    if (pad && (4 - body % 4) % 4 != pad) {
        snprintf(err, errlen, "wrong amount of padding");
        return -1;
    }
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < body; i++) {
        int v = sextet(in[i]);
        acc = (acc << 6 | (unsigned)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    /* Leftover bits must be zero, so that every byte string has one encoding. */
    if (bits && (acc & ((1u << bits) - 1))) {
        snprintf(err, errlen, "non-zero bits after the last byte");
        return -1;
    }
    return (long)o;
}

int wsc_seeded_bytes(const void *seed, size_t seed_len, const void *label, size_t label_len,
                     unsigned char *out, size_t n)
{
    unsigned char key[WSC_SHA256_LEN];
    EVP_MD_CTX *h = EVP_MD_CTX_new();
    if (!h) return -1;
    int ok = EVP_DigestInit_ex(h, EVP_sha256(), NULL) == 1 && EVP_DigestUpdate(h, seed, seed_len) == 1 &&
             EVP_DigestUpdate(h, "", 1) == 1 && EVP_DigestUpdate(h, label, label_len) == 1 &&
             EVP_DigestFinal_ex(h, key, NULL) == 1;
    EVP_MD_CTX_free(h);
    if (!ok) return -1;
    static const unsigned char iv[16];
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return -1;
    int rc = EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), NULL, key, iv) == 1 ? 0 : -1;
    /* CTR encryption of zeros is the keystream; encrypt in place in bounded steps
     * (EVP takes an int length). */
    memset(out, 0, n);
    for (size_t done = 0; rc == 0 && done < n;) {
        size_t step = n - done > (1u << 30) ? (1u << 30) : n - done;
        int got = 0;
        if (EVP_EncryptUpdate(ctx, out + done, &got, out + done, (int)step) != 1 || got != (int)step) rc = -1;
        done += step;
    }
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

/* Hashes, encodings and deterministic test bytes for scenarios (the Lua `crypto` table).
 * Pure functions over byte buffers, so they are unit-tested against published vectors. */
#ifndef WSC_CRYPTO_H
#define WSC_CRYPTO_H

#include <stddef.h>

#define WSC_SHA256_LEN 32
/* Largest seeded_bytes() output: big enough for multi-hundred-MiB upload tests. */
#define WSC_SEEDED_MAX ((size_t)512 * 1024 * 1024)

void wsc_sha256(const void *data, size_t len, unsigned char out[WSC_SHA256_LEN]);
void wsc_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len,
                     unsigned char out[WSC_SHA256_LEN]);

/* Lowercase hex of len bytes into out (2*len + 1 bytes, NUL-terminated). */
void wsc_hex(const void *data, size_t len, char *out);

/* Base64 of len bytes into out, NUL-terminated; returns the length written.
 * url: the RFC 4648 §5 alphabet without padding; else §4 with padding.
 * out needs wsc_base64_size(len) bytes. */
size_t wsc_base64_size(size_t len);
size_t wsc_base64(const void *data, size_t len, int url, char *out);

/* Decodes either alphabet (not mixed within one input is not required: '+' '/' '-' '_'
 * are all accepted), padding optional but if present it must be correct. out needs
 * len * 3 / 4 + 3 bytes. Returns the decoded length, or -1 with a reason in err. */
long wsc_base64_decode(const char *in, size_t len, unsigned char *out, char *err, size_t errlen);

/* Deterministic bytes: the first n bytes of the AES-256-CTR keystream whose key is
 * SHA-256(seed || 0x00 || label) and whose initial counter block is 16 zero bytes
 * (equivalently: AES-256-CTR encryption of n zero bytes). 0, or -1 when OpenSSL fails. */
int wsc_seeded_bytes(const void *seed, size_t seed_len, const void *label, size_t label_len,
                     unsigned char *out, size_t n);

#endif

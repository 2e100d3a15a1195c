/* base64url without padding (RFC 4648 section 5, as JWTs use it: RFC 7515 section 2). */
#ifndef KN_B64URL_H
#define KN_B64URL_H

#include <stdbool.h>
#include <stddef.h>

/* Characters kn_b64url_encode writes for n input bytes (without the terminating NUL). */
size_t kn_b64url_encoded_len(size_t n);
/* Encodes n bytes into out (kn_b64url_encoded_len(n) + 1 bytes), NUL-terminated. */
void kn_b64url_encode(const void *data, size_t n, char *out);
/* Decodes len characters into out (room for len * 3 / 4 bytes); *outlen is set.
 * Refuses characters outside the URL alphabet, '=' padding and a length of 4k+1. */
bool kn_b64url_decode(const char *s, size_t len, unsigned char *out, size_t *outlen);

#endif

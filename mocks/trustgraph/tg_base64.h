/* Standard base64 (RFC 4648 alphabet, '=' padding) for document content. */
#ifndef MOCK_TG_BASE64_H
#define MOCK_TG_BASE64_H

#include <stddef.h>

/* malloc'd NUL-terminated encoding of len bytes; NULL when out of memory. */
char *mock_tg_b64_encode(const unsigned char *data, size_t len);
/* Decodes text (padding required to a multiple of 4; no whitespace). Returns a malloc'd
 * buffer (NUL-terminated for convenience) and its length in *len, or NULL when text is
 * not valid base64 or memory ran out. */
unsigned char *mock_tg_b64_decode(const char *text, size_t *len);

#endif

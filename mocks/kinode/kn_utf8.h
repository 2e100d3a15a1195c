/* UTF-8 checks for Kinode: WsRegister payloads must be UTF-8 (the real server parses them
 * with serde_json), and Text pushes are converted the way Rust's String::from_utf8_lossy
 * converts them. */
#ifndef KN_UTF8_H
#define KN_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes are well-formed UTF-8 (Unicode 15 table 3-7). */
bool kn_utf8_valid(const void *s, size_t n);
/* A malloc'd copy (NUL-terminated, *outlen bytes without the NUL) in which every maximal
 * ill-formed subsequence is replaced by one U+FFFD; NULL when out of memory. */
char *kn_utf8_lossy(const void *s, size_t n, size_t *outlen);
/* Like kn_utf8_lossy, but ill-formed bytes are dropped instead of replaced (a fault). */
char *kn_utf8_drop_invalid(const void *s, size_t n, size_t *outlen);

#endif

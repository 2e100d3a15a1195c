/* Writing untrusted text into XML 1.0 so that every consumer can parse it.
 * Text from a target may hold any byte: invalid UTF-8 becomes U+FFFD, characters
 * XML 1.0 forbids (NUL and the other C0 controls except tab, newline and carriage
 * return; U+FFFE, U+FFFF) are removed, and ANSI escape sequences (colour codes)
 * are removed whole so no stray "[31m" is left behind. */
#ifndef WSC_XML_TEXT_H
#define WSC_XML_TEXT_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
    WSC_XML_CONTENT,   /* element content: & < > escaped */
    WSC_XML_ATTRIBUTE  /* attribute value in double quotes: also " and tab/CR/LF as character references */
} wsc_xml_context;

/* Writes at most limit bytes of output (0 = no limit), never splitting a
 * character or an entity. Returns the number of input bytes consumed; when this
 * is less than len the rest did not fit. */
size_t wsc_xml_write(FILE *f, const char *s, size_t len, wsc_xml_context ctx, size_t limit);

/* Convenience for NUL-terminated strings without a limit; NULL writes nothing. */
void wsc_xml_puts(FILE *f, const char *s, wsc_xml_context ctx);

/* A copy of s (len bytes) that is valid UTF-8: every invalid, overlong, surrogate or
 * truncated sequence becomes U+FFFD; everything else is kept. NUL-terminated; the caller
 * frees it. NULL when out of memory. */
char *wsc_utf8_clean(const char *s, size_t len);

#endif

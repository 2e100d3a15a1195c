/* The text Python's json module gives when it rejects a document (the gateway echoes it
 * in its error for a frame that is not JSON, protocols §1.4): "Expecting value: line 1
 * column 1 (char 0)", "Extra data: ...", "Expecting ',' delimiter: ...", etc., with
 * positions counted in characters as Python counts them. NaN and Infinity, which Python
 * accepts, are rejected here as "Expecting value" because the server cannot represent them. */
#ifndef TG_PYJSON_H
#define TG_PYJSON_H

#include <stdbool.h>
#include <stddef.h>

/* Nesting deeper than this gives Python's recursion error text. */
#define TG_PYJSON_MAX_DEPTH 990

/* Returns true when data is a JSON document Python would accept; otherwise false with
 * Python's message in msg. Bytes that are not UTF-8 give the codec's message. */
bool tg_pyjson_check(const char *data, size_t len, char *msg, size_t msglen);

#endif

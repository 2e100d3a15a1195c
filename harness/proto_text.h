/* A protobuf message as one line of compact, JSON-like text, for transcripts and reports.
 * Driven only by protobuf-c's descriptors, so every message of proto/ renders without code
 * here. The form, for reading rather than for parsing back:
 *   {"position":3,"data":<5 bytes 68656c6c6f>,"values":[0.5,1],"inner":{"ok":true}}
 * - fields in descriptor order, under their .proto names; the same fields proto.decode
 *   lists: every proto3 field (defaults included), optional fields when present, repeated
 *   fields always (as [...]), message fields when set;
 * - integers in decimal (64-bit ones exactly), floats and doubles in the shortest form that
 *   reads back to the same value (nan, inf, -inf bare), bools true/false;
 * - strings JSON-escaped in quotes (bytes >= 0x80 kept as they are);
 * - enums as their value name in quotes, or the number when the value has no name;
 * - bytes as <N bytes HEX>, the hex cut after WSC_PROTO_TEXT_BYTES bytes with "...";
 * - fields the descriptor does not know, by number: "(unknown)":[6,9].
 * The whole text is cut at `max` bytes (at a UTF-8 boundary) and then ends with "...". */
#ifndef WSC_PROTO_TEXT_H
#define WSC_PROTO_TEXT_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#define WSC_PROTO_TEXT_BYTES 32   /* bytes of a bytes field shown as hex */
#define WSC_PROTO_TEXT_MAX 4096   /* default cap for transcripts */

/* Bytes one element of a repeated field of type t takes in protobuf-c's arrays. */
size_t wsc_proto_element_size(ProtobufCType t);
/* Whether field f of m carries a value listed by proto.decode and wsc_proto_text: oneof
 * members when chosen, message fields when set, optional fields when present, proto3 and
 * required fields always (repeated fields are listed always, by their callers). */
int wsc_proto_field_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f);
/* Returns the malloc'd rendering of m (caller frees), NULL when out of memory. */
char *wsc_proto_text(const ProtobufCMessage *m, size_t max);

#endif

/* A scenario's transcript: what crossed the wire on each of its connections, plus log
 * lines. Only the tail matters (failures show it), so it keeps the last
 * WSC_TRANSCRIPT_KEEP entries and stores each payload already shortened.
 *
 * Protobuf: a binary message whose bytes the scenario encoded or decoded with the `proto`
 * table carries that message's type name and a decoded rendering. Frames are matched to
 * an encode or decode by identical bytes only (same length, same 64-bit FNV-1a digest of
 * the whole payload, identical first WSC_TRANSCRIPT_BYTES_MAX bytes: an exact comparison
 * for every payload up to that size), never by position or time:
 * - an encode is remembered (the last WSC_TRANSCRIPT_HINTS of them); every binary message
 *   sent afterwards with exactly those bytes takes the newest matching one's tag;
 * - a decode tags the newest binary message received with exactly those bytes that has no
 *   tag yet; when every such message has one, nothing changes (the first reading stays).
 * Two messages with the same bytes decode to the same content, so the only thing a match
 * can get wrong is the type name, and only when a scenario reads the same bytes as two
 * different types. */
#ifndef WSC_TRANSCRIPT_H
#define WSC_TRANSCRIPT_H

#include <stddef.h>
#include "wsc_result.h"

#define WSC_TRANSCRIPT_KEEP 64
#define WSC_TRANSCRIPT_TEXT_MAX 160   /* text payload characters shown */
#define WSC_TRANSCRIPT_HEX_MAX 48     /* binary payload bytes shown as hex in the tail */
#define WSC_TRANSCRIPT_BYTES_MAX 4096 /* binary payload bytes kept (reports show them as hex) */
#define WSC_TRANSCRIPT_HINTS 8        /* encoded payloads waiting for their frame */

typedef enum {
    WSC_TR_IN,       /* received from the target */
    WSC_TR_OUT,      /* sent to the target */
    WSC_TR_EVENT     /* connect, close, error, t:log */
} wsc_tr_dir;

/* Data frames, the control frames a frame-level client records one by one, and notes.
 * New values go at the end: the numbering is not stored anywhere, but keep it stable. */
typedef enum {
    WSC_OP_TEXT,
    WSC_OP_BINARY,
    WSC_OP_CLOSE,
    WSC_OP_NOTE,     /* a line of the harness's own (connect, error, t:log); never a frame */
    WSC_OP_PING,
    WSC_OP_PONG,
    WSC_OP_CONT      /* a continuation frame, recorded on its own */
} wsc_tr_op;

typedef struct {
    int conn;            /* connection number in the scenario (1-based); 0 = scenario */
    wsc_tr_dir dir;
    double at;           /* seconds since that connection started (or the scenario) */
    wsc_tr_op op;
    size_t len;          /* full payload length */
    char *shown;         /* owned; the shortened, printable payload */
    unsigned char *bytes; /* owned; binary, ping, pong, continuation: the first bytes */
    size_t n_bytes;      /* bytes kept: min(len, WSC_TRANSCRIPT_BYTES_MAX) */
    unsigned long long digest; /* FNV-1a 64 of the whole payload (binary-like ops) */
    char *proto_type;    /* owned; protobuf message type the scenario read it as, or NULL */
    char *proto_text;    /* owned; that message rendered (proto_text.h), or NULL */
} wsc_tr_entry;

/* An encoded protobuf payload waiting for the frame that sends it. */
typedef struct {
    unsigned char *bytes; /* owned; the first WSC_TRANSCRIPT_BYTES_MAX bytes; NULL = free slot */
    size_t len, n_bytes;
    unsigned long long digest;
    char *type, *text;   /* owned */
} wsc_tr_hint;

typedef struct {
    wsc_tr_entry ring[WSC_TRANSCRIPT_KEEP];
    size_t start, n;     /* ring position of the oldest entry, entries held */
    size_t total;        /* entries ever added */
    wsc_tr_hint hints[WSC_TRANSCRIPT_HINTS];
    size_t next_hint;    /* slot the next hint takes (the oldest is replaced) */
} wsc_transcript;

void wsc_transcript_init(wsc_transcript *tr);
void wsc_transcript_add(wsc_transcript *tr, int conn, wsc_tr_dir dir, double at, wsc_tr_op op,
                        const char *payload, size_t len);
/* The scenario encoded payload as a protobuf message of `type` (text: its rendering): binary
 * messages sent later with exactly these bytes are tagged with them. 0, or -1 when out of
 * memory (nothing is remembered then). */
int wsc_transcript_expect_sent(wsc_transcript *tr, const char *payload, size_t len, const char *type,
                               const char *text);
/* The scenario decoded payload as a protobuf message of `type`: tags the newest untagged
 * binary message received with exactly these bytes. 1 when one was tagged, 0 when none
 * matches, -1 when out of memory. */
int wsc_transcript_tag_received(wsc_transcript *tr, const char *payload, size_t len, const char *type,
                                const char *text);
/* "text", "binary", "close", "note", "ping", "pong", "continuation". */
const char *wsc_transcript_op_name(wsc_tr_op op);
/* Renders the last `last` entries, one per line, each prefixed with indent; a tagged
 * protobuf message adds " | Type {decoded...}" cut at WSC_TRANSCRIPT_TEXT_MAX characters.
 * Returns a malloc'd string (caller frees), "" when empty; NULL when out of memory. */
char *wsc_transcript_tail(const wsc_transcript *tr, size_t last, const char *indent);
/* Shortens a payload for display: text and close with control bytes escaped and cut at
 * WSC_TRANSCRIPT_TEXT_MAX characters; binary, ping, pong and continuation as hex (a
 * continuation may split a UTF-8 character, and control payloads are arbitrary bytes).
 * Caller frees. */
char *wsc_transcript_show(wsc_tr_op op, const char *payload, size_t len);
/* Copies the entries held into *out (caller frees each record's strings and the array) for
 * reports, binary-like payloads as hex of up to WSC_TRANSCRIPT_BYTES_MAX bytes;
 * *earlier = entries recorded before them. 0, or -1 when out of memory. */
int wsc_transcript_export(const wsc_transcript *tr, wsc_frame_rec **out, size_t *n, size_t *earlier);
void wsc_transcript_free(wsc_transcript *tr);

#endif

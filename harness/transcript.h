/* A scenario's transcript: what crossed the wire on each of its connections, plus log
 * lines. Only the tail matters (failures show it), so it keeps the last
 * WSC_TRANSCRIPT_KEEP entries and stores each payload already shortened. */
#ifndef WSC_TRANSCRIPT_H
#define WSC_TRANSCRIPT_H

#include <stddef.h>
#include "wsc_result.h"

#define WSC_TRANSCRIPT_KEEP 64
#define WSC_TRANSCRIPT_TEXT_MAX 160   /* text payload characters shown */
#define WSC_TRANSCRIPT_HEX_MAX 48     /* binary payload bytes shown as hex */

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
} wsc_tr_entry;

typedef struct {
    wsc_tr_entry ring[WSC_TRANSCRIPT_KEEP];
    size_t start, n;     /* ring position of the oldest entry, entries held */
    size_t total;        /* entries ever added */
} wsc_transcript;

void wsc_transcript_init(wsc_transcript *tr);
void wsc_transcript_add(wsc_transcript *tr, int conn, wsc_tr_dir dir, double at, wsc_tr_op op,
                        const char *payload, size_t len);
/* Renders the last `last` entries, one per line, each prefixed with indent.
 * Returns a malloc'd string (caller frees), "" when empty; NULL when out of memory. */
/* "text", "binary", "close", "note", "ping", "pong", "continuation". */
const char *wsc_transcript_op_name(wsc_tr_op op);
char *wsc_transcript_tail(const wsc_transcript *tr, size_t last, const char *indent);
/* Shortens a payload for display: text and close with control bytes escaped and cut at
 * WSC_TRANSCRIPT_TEXT_MAX characters; binary, ping, pong and continuation as hex (a
 * continuation may split a UTF-8 character, and control payloads are arbitrary bytes).
 * Caller frees. */
char *wsc_transcript_show(wsc_tr_op op, const char *payload, size_t len);
/* Copies the entries held into *out (caller frees each data and the array) for reports;
 * *earlier = entries recorded before them. 0, or -1 when out of memory. */
int wsc_transcript_export(const wsc_transcript *tr, wsc_frame_rec **out, size_t *n, size_t *earlier);
void wsc_transcript_free(wsc_transcript *tr);

#endif

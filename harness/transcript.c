/* A scenario's transcript, kept as a ring of shortened entries (see transcript.h). */
#include "transcript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wsc_transcript_init(wsc_transcript *tr)
{
    memset(tr, 0, sizeof *tr);
}

/* Growable string used while rendering. */
typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static char *sb_finish(sbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    if (!b->s) return calloc(1, 1);
    return b->s;
}

char *wsc_transcript_show(wsc_tr_op op, const char *payload, size_t len)
{
    sbuf b = { 0 };
    char tmp[16];
    if (op == WSC_OP_BINARY || op == WSC_OP_PING || op == WSC_OP_PONG || op == WSC_OP_CONT) {
        size_t shown = len < WSC_TRANSCRIPT_HEX_MAX ? len : WSC_TRANSCRIPT_HEX_MAX;
        for (size_t i = 0; i < shown; i++) {
            snprintf(tmp, sizeof tmp, i ? " %02x" : "%02x", (unsigned char)payload[i]);
            sb_str(&b, tmp);
        }
        if (shown < len) {
            snprintf(tmp, sizeof tmp, " ...");
            sb_str(&b, tmp);
        }
        return sb_finish(&b);
    }
    size_t shown = 0;
    for (size_t i = 0; i < len && shown < WSC_TRANSCRIPT_TEXT_MAX; i++, shown++) {
        unsigned char c = (unsigned char)payload[i];
        if (c == '\n') sb_str(&b, "\\n");
        else if (c == '\r') sb_str(&b, "\\r");
        else if (c == '\t') sb_str(&b, "\\t");
        else if (c < 0x20 || c == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            sb_str(&b, tmp);
        } else {
            /* Bytes >= 0x80 pass through: UTF-8 stays readable; writers sanitise. */
            sb_add(&b, (const char *)&payload[i], 1);
        }
    }
    if (shown < len) {
        snprintf(tmp, sizeof tmp, "%s", "...");
        sb_str(&b, tmp);
    }
    return sb_finish(&b);
}

void wsc_transcript_add(wsc_transcript *tr, int conn, wsc_tr_dir dir, double at, wsc_tr_op op,
                        const char *payload, size_t len)
{
    size_t slot;
    if (tr->n == WSC_TRANSCRIPT_KEEP) {
        slot = tr->start;
        free(tr->ring[slot].shown);
        tr->start = (tr->start + 1) % WSC_TRANSCRIPT_KEEP;
    } else {
        slot = (tr->start + tr->n) % WSC_TRANSCRIPT_KEEP;
        tr->n++;
    }
    wsc_tr_entry *e = &tr->ring[slot];
    e->conn = conn;
    e->dir = dir;
    e->at = at;
    e->op = op;
    e->len = len;
    e->shown = op == WSC_OP_NOTE ? strdup(payload) : wsc_transcript_show(op, payload, len);
    tr->total++;
}

const char *wsc_transcript_op_name(wsc_tr_op op)
{
    switch (op) {
    case WSC_OP_TEXT: return "text";
    case WSC_OP_BINARY: return "binary";
    case WSC_OP_CLOSE: return "close";
    case WSC_OP_PING: return "ping";
    case WSC_OP_PONG: return "pong";
    case WSC_OP_CONT: return "continuation";
    default: return "note";
    }
}

/* The report model keeps its own enum (reports/ does not depend on the harness). */
static wsc_frame_op report_op(wsc_tr_op op)
{
    switch (op) {
    case WSC_OP_TEXT: return WSC_FRAME_TEXT;
    case WSC_OP_BINARY: return WSC_FRAME_BINARY;
    case WSC_OP_CLOSE: return WSC_FRAME_CLOSE;
    case WSC_OP_PING: return WSC_FRAME_PING;
    case WSC_OP_PONG: return WSC_FRAME_PONG;
    case WSC_OP_CONT: return WSC_FRAME_CONT;
    default: return WSC_FRAME_NOTE;
    }
}

char *wsc_transcript_tail(const wsc_transcript *tr, size_t last, const char *indent)
{
    sbuf b = { 0 };
    size_t from = tr->n > last ? tr->n - last : 0;
    char head[96];
    if (from > 0 || tr->total > tr->n) {
        snprintf(head, sizeof head, "%s... %zu earlier entries\n", indent, tr->total - (tr->n - from));
        sb_str(&b, head);
    }
    for (size_t i = from; i < tr->n; i++) {
        const wsc_tr_entry *e = &tr->ring[(tr->start + i) % WSC_TRANSCRIPT_KEEP];
        const char *arrow = e->dir == WSC_TR_IN ? "<-" : e->dir == WSC_TR_OUT ? "->" : "--";
        if (e->op == WSC_OP_NOTE)
            snprintf(head, sizeof head, "%s#%d %8.3fs %s ", indent, e->conn, e->at, arrow);
        else
            snprintf(head, sizeof head, "%s#%d %8.3fs %s %s(%zu) ", indent, e->conn, e->at, arrow,
                     wsc_transcript_op_name(e->op), e->len);
        sb_str(&b, head);
        sb_str(&b, e->shown ? e->shown : "");
        sb_str(&b, "\n");
    }
    return sb_finish(&b);
}

int wsc_transcript_export(const wsc_transcript *tr, wsc_frame_rec **out, size_t *n, size_t *earlier)
{
    *out = NULL;
    *n = 0;
    *earlier = tr->total - tr->n;
    if (tr->n == 0) return 0;
    wsc_frame_rec *recs = calloc(tr->n, sizeof *recs);
    if (!recs) return -1;
    for (size_t i = 0; i < tr->n; i++) {
        const wsc_tr_entry *e = &tr->ring[(tr->start + i) % WSC_TRANSCRIPT_KEEP];
        wsc_frame_rec *r = &recs[i];
        r->conn = e->conn;
        r->dir = e->dir == WSC_TR_IN ? WSC_DIR_IN : e->dir == WSC_TR_OUT ? WSC_DIR_OUT : WSC_DIR_EVENT;
        r->at = e->at;
        r->op = report_op(e->op);
        r->len = e->len;
        r->data = strdup(e->shown ? e->shown : "");
        if (!r->data) {
            for (size_t k = 0; k < i; k++) free(recs[k].data);
            free(recs);
            return -1;
        }
    }
    *out = recs;
    *n = tr->n;
    return 0;
}

void wsc_transcript_free(wsc_transcript *tr)
{
    for (size_t i = 0; i < tr->n; i++) free(tr->ring[(tr->start + i) % WSC_TRANSCRIPT_KEEP].shown);
    wsc_transcript_init(tr);
}

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

static int binary_like(wsc_tr_op op)
{
    return op == WSC_OP_BINARY || op == WSC_OP_PING || op == WSC_OP_PONG || op == WSC_OP_CONT;
}

/* Hex of the first `cap` bytes, " ..." when the payload is longer. */
static void add_hex(sbuf *b, const unsigned char *p, size_t kept, size_t len, size_t cap)
{
    char tmp[8];
    size_t shown = kept < cap ? kept : cap;
    for (size_t i = 0; i < shown; i++) {
        snprintf(tmp, sizeof tmp, i ? " %02x" : "%02x", p[i]);
        sb_str(b, tmp);
    }
    if (shown < len) sb_str(b, shown ? " ..." : "...");
}

/* Text with control bytes escaped, cut at `cap` bytes with "...". */
static void add_text(sbuf *b, const char *payload, size_t len, size_t cap)
{
    char tmp[16];
    size_t shown = 0;
    for (size_t i = 0; i < len && shown < cap; i++, shown++) {
        unsigned char c = (unsigned char)payload[i];
        if (c == '\n') sb_str(b, "\\n");
        else if (c == '\r') sb_str(b, "\\r");
        else if (c == '\t') sb_str(b, "\\t");
        else if (c < 0x20 || c == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            sb_str(b, tmp);
        } else {
            /* Bytes >= 0x80 pass through: UTF-8 stays readable; writers sanitise. */
            sb_add(b, &payload[i], 1);
        }
    }
    if (shown < len) sb_str(b, "...");
}

char *wsc_transcript_show(wsc_tr_op op, const char *payload, size_t len)
{
    sbuf b = { 0 };
    if (binary_like(op)) add_hex(&b, (const unsigned char *)payload, len, len, WSC_TRANSCRIPT_HEX_MAX);
    else add_text(&b, payload, len, WSC_TRANSCRIPT_TEXT_MAX);
    return sb_finish(&b);
}

/* FNV-1a, 64 bits: with the length and the kept bytes it tells payloads apart. */
static unsigned long long digest_of(const char *p, size_t len)
{
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t kept_of(size_t len)
{
    return len < WSC_TRANSCRIPT_BYTES_MAX ? len : WSC_TRANSCRIPT_BYTES_MAX;
}

/* Whether a payload is the one recorded as (len, digest, kept bytes). */
static int same_bytes(const char *payload, size_t len, unsigned long long digest, size_t len2,
                      unsigned long long digest2, const unsigned char *kept2)
{
    return len == len2 && digest == digest2 && (len == 0 || (kept2 && memcmp(payload, kept2, kept_of(len)) == 0));
}

static void hint_clear(wsc_tr_hint *h)
{
    free(h->bytes);
    free(h->type);
    free(h->text);
    memset(h, 0, sizeof *h);
}

static void entry_clear(wsc_tr_entry *e)
{
    free(e->shown);
    free(e->bytes);
    free(e->proto_type);
    free(e->proto_text);
    memset(e, 0, sizeof *e);
}

/* A sent binary message takes the newest hint with its bytes (see transcript.h). */
static void match_hint(wsc_transcript *tr, wsc_tr_entry *e, const char *payload)
{
    for (size_t k = 1; k <= WSC_TRANSCRIPT_HINTS; k++) {
        const wsc_tr_hint *h = &tr->hints[(tr->next_hint + WSC_TRANSCRIPT_HINTS - k) % WSC_TRANSCRIPT_HINTS];
        if (!h->type || !same_bytes(payload, e->len, e->digest, h->len, h->digest, h->bytes)) continue;
        e->proto_type = strdup(h->type);
        e->proto_text = strdup(h->text);
        if (!e->proto_type || !e->proto_text) {
            free(e->proto_type);
            free(e->proto_text);
            e->proto_type = e->proto_text = NULL;
        }
        return;
    }
}

void wsc_transcript_add(wsc_transcript *tr, int conn, wsc_tr_dir dir, double at, wsc_tr_op op,
                        const char *payload, size_t len)
{
    size_t slot;
    if (tr->n == WSC_TRANSCRIPT_KEEP) {
        slot = tr->start;
        entry_clear(&tr->ring[slot]);
        tr->start = (tr->start + 1) % WSC_TRANSCRIPT_KEEP;
    } else {
        slot = (tr->start + tr->n) % WSC_TRANSCRIPT_KEEP;
        tr->n++;
    }
    wsc_tr_entry *e = &tr->ring[slot];
    memset(e, 0, sizeof *e);
    e->conn = conn;
    e->dir = dir;
    e->at = at;
    e->op = op;
    e->len = len;
    e->shown = op == WSC_OP_NOTE ? strdup(payload) : wsc_transcript_show(op, payload, len);
    if (binary_like(op)) {
        e->n_bytes = kept_of(len);
        e->bytes = malloc(e->n_bytes ? e->n_bytes : 1);
        if (e->bytes) memcpy(e->bytes, payload, e->n_bytes);
        else e->n_bytes = 0;
        e->digest = digest_of(payload, len);
        if (op == WSC_OP_BINARY && dir == WSC_TR_OUT && e->bytes) match_hint(tr, e, payload);
    }
    tr->total++;
}

int wsc_transcript_expect_sent(wsc_transcript *tr, const char *payload, size_t len, const char *type,
                               const char *text)
{
    wsc_tr_hint *h = &tr->hints[tr->next_hint];
    hint_clear(h);
    h->len = len;
    h->n_bytes = kept_of(len);
    h->digest = digest_of(payload, len);
    h->bytes = malloc(h->n_bytes ? h->n_bytes : 1);
    h->type = strdup(type);
    h->text = strdup(text ? text : "");
    if (!h->bytes || !h->type || !h->text) {
        hint_clear(h);
        return -1;
    }
    memcpy(h->bytes, payload, h->n_bytes);
    tr->next_hint = (tr->next_hint + 1) % WSC_TRANSCRIPT_HINTS;
    return 0;
}

int wsc_transcript_tag_received(wsc_transcript *tr, const char *payload, size_t len, const char *type,
                                const char *text)
{
    unsigned long long digest = digest_of(payload, len);
    for (size_t i = tr->n; i-- > 0;) {
        wsc_tr_entry *e = &tr->ring[(tr->start + i) % WSC_TRANSCRIPT_KEEP];
        if (e->op != WSC_OP_BINARY || e->dir != WSC_TR_IN || e->proto_type) continue;
        if (!same_bytes(payload, len, digest, e->len, e->digest, e->bytes)) continue;
        char *t = strdup(type), *x = strdup(text ? text : "");
        if (!t || !x) {
            free(t);
            free(x);
            return -1;
        }
        e->proto_type = t;
        e->proto_text = x;
        return 1;
    }
    return 0;
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
        if (e->proto_type) {
            sb_str(&b, " | ");
            sb_str(&b, e->proto_type);
            sb_str(&b, " ");
            add_text(&b, e->proto_text, strlen(e->proto_text), WSC_TRANSCRIPT_TEXT_MAX);
        }
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
        if (e->bytes) {
            sbuf b = { 0 };
            add_hex(&b, e->bytes, e->n_bytes, e->len, WSC_TRANSCRIPT_BYTES_MAX);
            r->data = sb_finish(&b);
        } else {
            r->data = strdup(e->shown ? e->shown : "");
        }
        int oom = !r->data;
        if (e->proto_type) {
            r->proto_type = strdup(e->proto_type);
            r->decoded = strdup(e->proto_text);
            oom |= !r->proto_type || !r->decoded;
        }
        if (oom) {
            for (size_t k = 0; k <= i; k++) wsc_frame_rec_clear(&recs[k]);
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
    for (size_t i = 0; i < tr->n; i++) entry_clear(&tr->ring[(tr->start + i) % WSC_TRANSCRIPT_KEEP]);
    for (size_t k = 0; k < WSC_TRANSCRIPT_HINTS; k++) hint_clear(&tr->hints[k]);
    wsc_transcript_init(tr);
}

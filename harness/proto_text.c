/* Protobuf messages as compact text (see proto_text.h). */
#include "proto_text.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than protobuf-c itself unpacks in practice; a guard, not a limit users meet. */
#define PROTO_TEXT_MAX_DEPTH 64

/* Output buffer that stops growing a little past the cap: the rest would be cut anyway,
 * and a message with a million repeated values should not cost a million renderings. */
typedef struct {
    char *s;
    size_t n, cap, max;
    int oom, full;
} out_buf;

static void put(out_buf *b, const char *s, size_t n)
{
    if (b->oom || b->full) return;
    if (b->n + n > b->max + 8) {
        b->full = 1;
        n = b->max + 8 > b->n ? b->max + 8 - b->n : 0;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
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

static void puts_(out_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

size_t wsc_proto_element_size(ProtobufCType t)
{
    switch (t) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_ENUM:
        return 4;
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
        return 8;
    case PROTOBUF_C_TYPE_FLOAT: return sizeof(float);
    case PROTOBUF_C_TYPE_DOUBLE: return sizeof(double);
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING: return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE: return sizeof(ProtobufCMessage *);
    }
    return 0;
}

int wsc_proto_field_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    const char *base = (const char *)m;
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        return *(const uint32_t *)(base + f->quantifier_offset) == f->id;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE)
        return *(ProtobufCMessage *const *)(base + f->offset) != NULL;
    if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING)
        return *(const protobuf_c_boolean *)(base + f->quantifier_offset);
    if (f->label == PROTOBUF_C_LABEL_OPTIONAL)
        return *(char *const *)(base + f->offset) != NULL;
    return 1;
}

/* Shortest %g form that reads back to the same value: 0.1f shows as 0.1, not 0.100000001. */
static void put_real(out_buf *b, double v, int is_float)
{
    char tmp[40];
    if (isnan(v)) {
        puts_(b, "nan");
        return;
    }
    if (isinf(v)) {
        puts_(b, v < 0 ? "-inf" : "inf");
        return;
    }
    int most = is_float ? 9 : 17;
    for (int p = 1; p <= most; p++) {
        snprintf(tmp, sizeof tmp, "%.*g", p, v);
        if (is_float ? strtof(tmp, NULL) == (float)v : strtod(tmp, NULL) == v) break;
    }
    puts_(b, tmp);
}

static void put_string(out_buf *b, const char *s)
{
    char tmp[8];
    puts_(b, "\"");
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            put(b, tmp, 2);
        } else if (c == '\n') {
            puts_(b, "\\n");
        } else if (c == '\r') {
            puts_(b, "\\r");
        } else if (c == '\t') {
            puts_(b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            puts_(b, tmp);
        } else {
            put(b, (const char *)&c, 1);
        }
    }
    puts_(b, "\"");
}

static void put_bytes(out_buf *b, const ProtobufCBinaryData *bd)
{
    char tmp[48];
    size_t len = bd->data ? bd->len : 0;
    snprintf(tmp, sizeof tmp, "<%zu byte%s", len, len == 1 ? "" : "s");
    puts_(b, tmp);
    if (len) puts_(b, " ");
    for (size_t i = 0; i < len && i < WSC_PROTO_TEXT_BYTES; i++) {
        snprintf(tmp, sizeof tmp, "%02x", bd->data[i]);
        puts_(b, tmp);
    }
    puts_(b, len > WSC_PROTO_TEXT_BYTES ? "...>" : ">");
}

static void put_message(out_buf *b, const ProtobufCMessage *m, int depth);

static void put_value(out_buf *b, const ProtobufCFieldDescriptor *f, const void *p, int depth)
{
    char tmp[32];
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
        snprintf(tmp, sizeof tmp, "%" PRId32, *(const int32_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32:
        snprintf(tmp, sizeof tmp, "%" PRIu32, *(const uint32_t *)p);
        break;
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
        snprintf(tmp, sizeof tmp, "%" PRId64, *(const int64_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
        snprintf(tmp, sizeof tmp, "%" PRIu64, *(const uint64_t *)p);
        break;
    case PROTOBUF_C_TYPE_ENUM: {
        int32_t v = *(const int32_t *)p;
        const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(f->descriptor, v);
        if (ev) {
            put_string(b, ev->name);
            return;
        }
        snprintf(tmp, sizeof tmp, "%" PRId32, v);
        break;
    }
    case PROTOBUF_C_TYPE_FLOAT:
        put_real(b, *(const float *)p, 1);
        return;
    case PROTOBUF_C_TYPE_DOUBLE:
        put_real(b, *(const double *)p, 0);
        return;
    case PROTOBUF_C_TYPE_BOOL:
        snprintf(tmp, sizeof tmp, "%s", *(const protobuf_c_boolean *)p ? "true" : "false");
        break;
    case PROTOBUF_C_TYPE_STRING:
        put_string(b, *(char *const *)p);
        return;
    case PROTOBUF_C_TYPE_BYTES:
        put_bytes(b, p);
        return;
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
        if (sub) put_message(b, sub, depth + 1);
        else puts_(b, "null");
        return;
    }
    default:
        snprintf(tmp, sizeof tmp, "?");
        break;
    }
    puts_(b, tmp);
}

static void put_message(out_buf *b, const ProtobufCMessage *m, int depth)
{
    if (depth > PROTO_TEXT_MAX_DEPTH) {
        puts_(b, "{...}");
        return;
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    int first = 1;
    puts_(b, "{");
    for (unsigned i = 0; i < d->n_fields && !b->full; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        const char *member = (const char *)m + f->offset;
        int repeated = f->label == PROTOBUF_C_LABEL_REPEATED;
        if (!repeated && !wsc_proto_field_present(m, f)) continue;
        if (!first) puts_(b, ",");
        first = 0;
        put_string(b, f->name);
        puts_(b, ":");
        if (!repeated) {
            put_value(b, f, member, depth);
            continue;
        }
        size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
        const char *arr = *(char *const *)member;
        size_t es = wsc_proto_element_size(f->type);
        puts_(b, "[");
        for (size_t k = 0; k < n && arr && !b->full; k++) {
            if (k) puts_(b, ",");
            put_value(b, f, arr + k * es, depth);
        }
        puts_(b, "]");
    }
    if (m->n_unknown_fields) {
        char tmp[16];
        puts_(b, first ? "\"(unknown)\":[" : ",\"(unknown)\":[");
        for (unsigned i = 0; i < m->n_unknown_fields && !b->full; i++) {
            snprintf(tmp, sizeof tmp, i ? ",%" PRIu32 : "%" PRIu32, m->unknown_fields[i].tag);
            puts_(b, tmp);
        }
        puts_(b, "]");
    }
    puts_(b, "}");
}

char *wsc_proto_text(const ProtobufCMessage *m, size_t max)
{
    out_buf b = { .max = max };
    put_message(&b, m, 0);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    if (b.n > max) {
        /* Cut at a UTF-8 character boundary: never before a continuation byte. */
        size_t cut = max;
        while (cut > 0 && ((unsigned char)b.s[cut] & 0xc0) == 0x80) cut--;
        b.n = cut;
        b.s[cut] = '\0';
        char *p = realloc(b.s, cut + 4);
        if (!p) {
            free(b.s);
            return NULL;
        }
        memcpy(p + cut, "...", 4);
        return p;
    }
    return b.s;
}

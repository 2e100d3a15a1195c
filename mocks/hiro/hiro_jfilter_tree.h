/* The jfilter tree shared by the parser, the evaluator and the printer (not public:
 * callers see hiro_jfilter as an opaque type). */
#ifndef HIRO_JFILTER_TREE_H
#define HIRO_JFILTER_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "hiro_jfilter.h"

typedef enum { HIRO_JF_AND, HIRO_JF_OR, HIRO_JF_NOT, HIRO_JF_CMP } hiro_jf_kind;
typedef enum { HIRO_JF_EQ, HIRO_JF_NE, HIRO_JF_GT, HIRO_JF_GE, HIRO_JF_LT, HIRO_JF_LE } hiro_jf_op;

/* Unescaped bytes (may contain NUL), also NUL-terminated for convenience. */
typedef struct {
    char *bytes;
    size_t len;
    size_t *kmp; /* middle glob segments: KMP failure table, so searching stays linear */
} hiro_jf_bytes;

struct hiro_jfilter {
    hiro_jf_kind kind;
    /* AND / OR: one or more kids; NOT: exactly one. */
    hiro_jfilter **kids;
    size_t nkids;
    /* CMP */
    hiro_jf_op op;
    bool is_action;      /* "action" (the event type) rather than an element attribute */
    char *name;          /* element attribute name, without "element." */
    hiro_jf_bytes *segs; /* the value split at unescaped '*': 1 segment = no wildcard */
    size_t nsegs;
    bool numeric;        /* the value (without wildcards) reads as a decimal number */
    double number;
};

/* "(x=*)": a lone wildcard asks for presence. */
static inline bool hiro_jf_is_presence(const hiro_jfilter *f)
{
    return f->nsegs == 2 && f->segs[0].len == 0 && f->segs[1].len == 0;
}

#endif

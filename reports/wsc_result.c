/* The result model's verdict rules, names and destructors (see wsc_result.h). */
#include "wsc_result.h"

#include <stdlib.h>
#include <string.h>

wsc_verdict wsc_verdict_from_checks(const wsc_check *checks, size_t n, int strict)
{
    int must = 0, should = 0, info = 0;
    for (size_t i = 0; i < n; i++) {
        if (checks[i].passed) continue;
        switch (checks[i].level) {
        case WSC_LEVEL_MUST: must = 1; break;
        case WSC_LEVEL_SHOULD: should = 1; break;
        case WSC_LEVEL_INFO: info = 1; break;
        }
    }
    if (must) return WSC_VERDICT_FAIL;
    if (should) return strict ? WSC_VERDICT_FAIL : WSC_VERDICT_NONSTRICT;
    if (info) return WSC_VERDICT_INFO;
    return WSC_VERDICT_PASS;
}

const char *wsc_verdict_name(wsc_verdict v)
{
    switch (v) {
    case WSC_VERDICT_PASS: return "pass";
    case WSC_VERDICT_INFO: return "info";
    case WSC_VERDICT_NONSTRICT: return "non-strict";
    case WSC_VERDICT_FAIL: return "fail";
    case WSC_VERDICT_ERROR: return "error";
    case WSC_VERDICT_SKIPPED: return "skipped";
    }
    return "unknown";
}

const char *wsc_level_name(wsc_level l)
{
    switch (l) {
    case WSC_LEVEL_MUST: return "MUST";
    case WSC_LEVEL_SHOULD: return "SHOULD";
    case WSC_LEVEL_INFO: return "INFO";
    }
    return "unknown";
}

int wsc_level_parse(const char *s, wsc_level *out)
{
    static const struct { const char *name; wsc_level level; } levels[] = {
        { "MUST", WSC_LEVEL_MUST }, { "SHOULD", WSC_LEVEL_SHOULD }, { "INFO", WSC_LEVEL_INFO },
    };
    if (!s) return -1;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        if (strcmp(s, levels[i].name) == 0) {
            *out = levels[i].level;
            return 0;
        }
    }
    return -1;
}

int wsc_verdict_parse(const char *s, wsc_verdict *out)
{
    for (int v = WSC_VERDICT_PASS; s && v <= WSC_VERDICT_SKIPPED; v++) {
        if (strcmp(s, wsc_verdict_name((wsc_verdict)v)) == 0) {
            *out = (wsc_verdict)v;
            return 0;
        }
    }
    return -1;
}

const char *wsc_frame_dir_name(wsc_frame_dir d)
{
    return d == WSC_DIR_IN ? "in" : d == WSC_DIR_OUT ? "out" : "event";
}

const char *wsc_frame_op_name(wsc_frame_op o)
{
    switch (o) {
    case WSC_FRAME_TEXT: return "text";
    case WSC_FRAME_BINARY: return "binary";
    case WSC_FRAME_CLOSE: return "close";
    case WSC_FRAME_PING: return "ping";
    case WSC_FRAME_PONG: return "pong";
    case WSC_FRAME_CONT: return "continuation";
    default: return "note";
    }
}

int wsc_frame_dir_parse(const char *s, wsc_frame_dir *out)
{
    for (int d = WSC_DIR_IN; s && d <= WSC_DIR_EVENT; d++) {
        if (strcmp(s, wsc_frame_dir_name((wsc_frame_dir)d)) == 0) {
            *out = (wsc_frame_dir)d;
            return 0;
        }
    }
    return -1;
}

int wsc_frame_op_parse(const char *s, wsc_frame_op *out)
{
    for (int o = WSC_FRAME_TEXT; s && o <= WSC_FRAME_CONT; o++) {
        if (strcmp(s, wsc_frame_op_name((wsc_frame_op)o)) == 0) {
            *out = (wsc_frame_op)o;
            return 0;
        }
    }
    return -1;
}

int wsc_verdict_fails_run(wsc_verdict v, wsc_level fail_on)
{
    switch (v) {
    case WSC_VERDICT_FAIL:
    case WSC_VERDICT_ERROR: return 1;
    case WSC_VERDICT_NONSTRICT: return fail_on != WSC_LEVEL_MUST;
    case WSC_VERDICT_INFO: return fail_on == WSC_LEVEL_INFO;
    default: return 0;
    }
}

static void check_clear(wsc_check *c)
{
    free(c->requirement);
    free(c->message);
    free(c->where);
    free(c->expected);
    free(c->received);
}

void wsc_frame_rec_clear(wsc_frame_rec *f)
{
    free(f->data);
    free(f->proto_type);
    free(f->decoded);
    memset(f, 0, sizeof *f);
}

void wsc_scenario_clear(wsc_scenario *s)
{
    if (!s) return;
    free(s->id);
    free(s->api);
    free(s->title);
    free(s->file);
    for (size_t i = 0; i < s->n_covers; i++) free(s->covers[i]);
    free(s->covers);
    for (size_t i = 0; i < s->n_checks; i++) check_clear(&s->checks[i]);
    free(s->checks);
    free(s->reason);
    free(s->transcript);
    for (size_t i = 0; i < s->n_frames; i++) wsc_frame_rec_clear(&s->frames[i]);
    free(s->frames);
    memset(s, 0, sizeof *s);
}

void wsc_run_free(wsc_run *r)
{
    if (!r) return;
    free(r->tool_version);
    for (size_t i = 0; i < r->n_targets; i++) {
        free(r->targets[i].api);
        free(r->targets[i].target);
        free(r->targets[i].profile);
        free(r->targets[i].document);
    }
    free(r->targets);
    for (size_t i = 0; i < r->n_scenarios; i++) wsc_scenario_clear(&r->scenarios[i]);
    free(r->scenarios);
    for (size_t i = 0; i < r->n_uncovered; i++) free(r->uncovered[i]);
    free(r->uncovered);
    free(r);
}

/* Console output of a run (see console.h). */
#include "console.h"

#include <string.h>
#include <unistd.h>

void wsc_console_init(wsc_console *c, FILE *out, int quiet)
{
    memset(c, 0, sizeof *c);
    c->out = out;
    c->quiet = quiet;
    c->tty = isatty(fileno(out));
}

const char *wsc_console_verdict_label(wsc_verdict v)
{
    switch (v) {
    case WSC_VERDICT_PASS: return "PASS";
    case WSC_VERDICT_INFO: return "INFO";
    case WSC_VERDICT_NONSTRICT: return "NON-STRICT";
    case WSC_VERDICT_FAIL: return "FAIL";
    case WSC_VERDICT_ERROR: return "ERROR";
    default: return "SKIP";
    }
}

static void clear_progress(wsc_console *c)
{
    if (c->tty) fputs("\r\033[K", c->out);
}

static void show_progress(wsc_console *c)
{
    if (!c->tty || c->done >= c->total) return;
    fprintf(c->out, "[%zu/%zu] running...", c->done, c->total);
    fflush(c->out);
}

void wsc_console_start(wsc_console *c, const wsc_run *run, size_t n)
{
    c->total = n;
    if (c->quiet) return;
    fprintf(c->out, "wsconf %s: %zu scenario%s against", run->tool_version ? run->tool_version : "",
            n, n == 1 ? "" : "s");
    if (run->n_targets == 0) fputs(" no target", c->out);
    for (size_t i = 0; i < run->n_targets; i++)
        fprintf(c->out, "%s %s=%s", i ? "," : "", run->targets[i].api, run->targets[i].target);
    fprintf(c->out, " (seed %llu%s", run->seed, run->strict ? ", strict" : "");
    if (run->fail_on != WSC_LEVEL_MUST) fprintf(c->out, ", fail on %s", wsc_level_name(run->fail_on));
    if (run->shard_n) fprintf(c->out, ", shard %u/%u", run->shard_k, run->shard_n);
    fputs(")\n", c->out);
    show_progress(c);
}

/* Prints text with indent before every line. */
static void indented(FILE *out, const char *indent, const char *text)
{
    while (text && *text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        fprintf(out, "%s%.*s\n", indent, (int)n, text);
        text = nl ? nl + 1 : text + n;
    }
}

void wsc_console_scenario(wsc_console *c, const wsc_scenario *s)
{
    c->done++;
    if (c->quiet) return;
    clear_progress(c);
    fprintf(c->out, "%-10s %s  %.2fs\n", wsc_console_verdict_label(s->verdict), s->id, s->duration_s);
    if (s->verdict != WSC_VERDICT_PASS) {
        if (s->reason) indented(c->out, "  ", s->reason);
        for (size_t i = 0; i < s->n_checks; i++) {
            const wsc_check *k = &s->checks[i];
            if (k->passed) continue;
            fprintf(c->out, "  [%s %s] %s — %s", wsc_level_name(k->level), k->requirement, k->message, k->where);
            if (k->expected) fprintf(c->out, "; expected %s", k->expected);
            if (k->received) fprintf(c->out, " received %s", k->received);
            fputc('\n', c->out);
        }
        if (s->transcript && *s->transcript && s->verdict != WSC_VERDICT_SKIPPED) {
            fputs("  transcript tail:\n", c->out);
            indented(c->out, "    ", s->transcript);
        }
    }
    show_progress(c);
    fflush(c->out);
}

wsc_counts wsc_console_count(const wsc_run *run)
{
    wsc_counts k = { 0 };
    for (size_t i = 0; i < run->n_scenarios; i++) {
        switch (run->scenarios[i].verdict) {
        case WSC_VERDICT_PASS: k.pass++; break;
        case WSC_VERDICT_INFO: k.info++; break;
        case WSC_VERDICT_NONSTRICT: k.nonstrict++; break;
        case WSC_VERDICT_FAIL: k.fail++; break;
        case WSC_VERDICT_ERROR: k.error++; break;
        default: k.skipped++; break;
        }
    }
    return k;
}

void wsc_console_summary(wsc_console *c, const wsc_run *run)
{
    if (c->quiet) return;
    clear_progress(c);
    wsc_counts k = wsc_console_count(run);
    fprintf(c->out, "verdicts: %zu pass, %zu non-strict, %zu info, %zu fail, %zu error, %zu skipped\n",
            k.pass, k.nonstrict, k.info, k.fail, k.error, k.skipped);
    fprintf(c->out, "%zu passed, %zu failed, %zu skipped\n", k.pass + k.nonstrict + k.info, k.fail + k.error,
            k.skipped);
    fflush(c->out);
}

/* Console output of a run (stdout): start line, one line per finished scenario with the
 * failed checks and transcript tail, the verdict counts and the closing line. */
#ifndef WSC_CONSOLE_H
#define WSC_CONSOLE_H

#include <stdio.h>
#include "wsc_result.h"

typedef struct {
    FILE *out;
    int tty;          /* progress line only on a terminal */
    int quiet;        /* print nothing (selftest's inner runs) */
    size_t total, done;
} wsc_console;

void wsc_console_init(wsc_console *c, FILE *out, int quiet);
void wsc_console_start(wsc_console *c, const wsc_run *run, size_t n_scenarios);
void wsc_console_scenario(wsc_console *c, const wsc_scenario *s);
/* The counts of each verdict; passed = pass + non-strict + info, failed = fail + error. */
typedef struct {
    size_t pass, nonstrict, info, fail, error, skipped;
} wsc_counts;
wsc_counts wsc_console_count(const wsc_run *run);
/* "verdicts: ..." then last "N passed, N failed, N skipped". */
void wsc_console_summary(wsc_console *c, const wsc_run *run);
/* "PASS", "FAIL", "NON-STRICT", ... */
const char *wsc_console_verdict_label(wsc_verdict v);

#endif

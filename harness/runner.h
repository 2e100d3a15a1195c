/* One run of the scenario runner, from files to a filled wsc_run: discover and load the
 * scenarios, start the bundled server unless targets are given, run, print, write JUnit.
 * `wsconf run` is one call; `wsconf selftest` makes several. */
#ifndef WSC_RUNNER_H
#define WSC_RUNNER_H

#include <stddef.h>
#include "cli.h"
#include "wsc_result.h"

typedef struct {
    const wsc_cli *cli;          /* paths, targets, selection, -j, --timeout, --strict, ... */
    const char *fault;           /* --fault for the bundled server (overrides cli->fault) */
    /* Extra selection on top of --only/--exclude: keep scenarios covering this requirement. */
    const char *covering;
    int quiet;                   /* no console output (selftest) */
    int write_junit;             /* write <out>/junit.xml or --junit */
} wsc_runner_opts;

/* Returns 0 with *out set (caller frees with wsc_run_free); 1 with *out set and a
 * message when only the JUnit file could not be written; -2 with a message when a
 * scenario path does not exist (a usage error); or -1 with a message when the run could
 * not start at all (catalogue, server, ...). *out is NULL for --list. */
int wsc_runner_run(const wsc_runner_opts *o, wsc_run **out, char *err, size_t errlen);
/* Exit status for a finished run: 0 when nothing failed or errored, else 1. */
int wsc_runner_exit_status(const wsc_run *run);

#endif

/* Looking up a scenario in a finished run and asserting its verdict, for the runner's
 * end-to-end tests (cmocka). */
#ifndef WSC_RUN_EXPECT_H
#define WSC_RUN_EXPECT_H

#include "cli.h"
#include "runner.h"

/* Parses argv (NULL-terminated, starting with "wsconf") as the command line and runs it
 * quietly, writing JUnit when asked; the test fails if the command line does not parse.
 * Returns wsc_runner_run's result; *run is the finished run (caller frees). */
int run_wsconf(char **argv, int write_junit, wsc_run **run);
/* The scenario with this id (or, for a script that failed to load, this path); fails the
 * test when the run has none. */
const wsc_scenario *run_find(const wsc_run *run, const char *id);
/* Fails the test, listing the failed checks, unless the scenario ended in verdict v and,
 * when reason_part is given, its reason contains reason_part. */
void run_expect_verdict(const wsc_run *run, const char *id, wsc_verdict v, const char *reason_part);

#endif

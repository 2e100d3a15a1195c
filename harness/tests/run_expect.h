/* Looking up a scenario in a finished run and asserting its verdict, for the runner's
 * end-to-end tests (cmocka). */
#ifndef WSC_RUN_EXPECT_H
#define WSC_RUN_EXPECT_H

#include "runner.h"

/* The scenario with this id (or, for a script that failed to load, this path); fails the
 * test when the run has none. */
const wsc_scenario *run_find(const wsc_run *run, const char *id);
/* Fails the test, listing the failed checks, unless the scenario ended in verdict v and,
 * when reason_part is given, its reason contains reason_part. */
void run_expect_verdict(const wsc_run *run, const char *id, wsc_verdict v, const char *reason_part);

#endif

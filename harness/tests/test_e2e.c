/* End to end: the runner on tests/fixtures against the reference server. Each fixture
 * ends in a known verdict; the others still run; the binary exits 1 and writes JUnit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "runner.h"
#include "run_expect.h"

static void fixtures_end_in_their_verdicts(void **state)
{
    (void)state;
    char *argv[] = { "wsconf", "run", "--out", WSC_TEST_OUT "/inproc", "--server", WSC_TEST_SERVER, "-j", "4",
                     WSC_TEST_FIXTURES, NULL };
    wsc_run *run = NULL;
    assert_int_equal(run_wsconf(argv, 0, &run), 0);
    assert_non_null(run);
    assert_int_equal(run->n_scenarios, 13);
    /* the bundled server serves every API; labgraph (the fixtures' API) comes first */
    assert_true(run->n_targets >= 1);
    assert_string_equal(run->targets[0].api, "labgraph");
    assert_int_equal(strncmp(run->targets[0].target, "ws://127.0.0.1:", 15), 0);

    run_expect_verdict(run, "labgraph.fixture.good", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.fixture.api-tour", WSC_VERDICT_PASS, NULL);
    assert_int_equal(run_find(run, "labgraph.fixture.api-tour")->n_checks, 6);
    run_expect_verdict(run, "labgraph.fixture.require", WSC_VERDICT_FAIL, NULL);
    const wsc_scenario *rq = run_find(run, "labgraph.fixture.require");
    assert_int_equal(rq->n_checks, 1);
    assert_string_equal(rq->checks[0].message, "one is two");
    assert_string_equal(rq->checks[0].where, WSC_TEST_FIXTURES "/api_tour.lua:37");
    run_expect_verdict(run, "labgraph.fixture.busy", WSC_VERDICT_ERROR,
                   "api_tour.lua:48: scenario exceeded its time limit while running Lua code without waiting");
    assert_int_equal(run_find(run, "labgraph.fixture.good")->n_checks, 2);
    run_expect_verdict(run, "labgraph.fixture.skip", WSC_VERDICT_SKIPPED, "good.lua:22: not applicable here");
    run_expect_verdict(run, WSC_TEST_FIXTURES "/syntax_error.lua", WSC_VERDICT_ERROR, "syntax_error.lua:8:");
    assert_int_equal(run_find(run, WSC_TEST_FIXTURES "/syntax_error.lua")->line, 8);
    run_expect_verdict(run, "labgraph.fixture.runtime", WSC_VERDICT_ERROR,
                   "runtime_error.lua:8: attempt to index a nil value (local 'nothing')");
    run_expect_verdict(run, "labgraph.fixture.refused", WSC_VERDICT_ERROR, "refused.lua:7: connect ws://127.0.0.1:1/");
    run_expect_verdict(run, "labgraph.fixture.expect-timeout", WSC_VERDICT_FAIL, NULL);
    const wsc_scenario *t = run_find(run, "labgraph.fixture.expect-timeout");
    assert_int_equal(t->n_checks, 1);
    assert_int_equal(t->checks[0].passed, 0);
    assert_string_equal(t->checks[0].requirement, "labgraph.start.event");
    assert_string_equal(t->checks[0].where, WSC_TEST_FIXTURES "/expect_timeout.lua:8");
    assert_string_equal(t->checks[0].message,
                        "expected a message with never=true within 0.3s; inbox: 0 frames");
    assert_null(t->checks[0].expected);
    assert_non_null(t->transcript);
    assert_non_null(strstr(t->transcript, "-- open ws://127.0.0.1:"));
    run_expect_verdict(run, "labgraph.fixture.hang", WSC_VERDICT_ERROR,
                   "expect_timeout.lua:19: scenario timed out after 0.5s while waiting at: t:sleep(30)");
    run_expect_verdict(run, "labgraph.fixture.no-covers", WSC_VERDICT_ERROR,
                   "bad_definitions.lua:2: bad scenario definition: covers must be a non-empty list");
    run_expect_verdict(run, "labgraph.fixture.no-check", WSC_VERDICT_ERROR, "the scenario made no check");
    run_expect_verdict(run, "labgraph.fixture.uncovered", WSC_VERDICT_ERROR,
                   "bad_definitions.lua:23: requirement 'labgraph.end.event' is not in this scenario's covers");
    assert_int_equal(strncmp(run_find(run, "labgraph.fixture.uncovered")->reason, WSC_TEST_FIXTURES, strlen(WSC_TEST_FIXTURES)), 0);
    wsc_run_free(run);
}

static void binary_exits_1_and_writes_junit(void **state)
{
    (void)state;
    const char *junit = WSC_TEST_OUT "/bin/junit.xml";
    unlink(junit);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' run --out '%s/bin' --server '%s' '%s' > '%s/bin.log' 2>&1", WSC_TEST_WSCONF,
             WSC_TEST_OUT, WSC_TEST_SERVER, WSC_TEST_FIXTURES, WSC_TEST_OUT);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    struct stat st;
    assert_int_equal(stat(junit, &st), 0);
    assert_true(st.st_size > 0);
    FILE *f = fopen(junit, "r");
    char *buf = calloc(1, (size_t)st.st_size + 1);
    assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
    fclose(f);
    assert_non_null(strstr(buf, "labgraph.fixture.good"));
    assert_non_null(strstr(buf, "labgraph.fixture.expect-timeout"));
    free(buf);

    /* The console's last line is the closing count. */
    snprintf(cmd, sizeof cmd, "%s/bin.log", WSC_TEST_OUT);
    f = fopen(cmd, "r");
    assert_non_null(f);
    char line[512], last[512] = "", verdicts[512] = "";
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "verdicts:", 9) == 0) strcpy(verdicts, line);
        strcpy(last, line);
    }
    fclose(f);
    assert_string_equal(verdicts, "verdicts: 2 pass, 0 non-strict, 0 info, 2 fail, 8 error, 1 skipped\n");
    assert_string_equal(last, "2 passed, 10 failed, 1 skipped\n");

    /* Usage errors exit 2. */
    snprintf(cmd, sizeof cmd, "'%s' run --bogus > /dev/null 2>&1", WSC_TEST_WSCONF);
    status = system(cmd);
    assert_int_equal(WEXITSTATUS(status), 2);
    snprintf(cmd, sizeof cmd, "'%s' run '%s/no-such-folder' > /dev/null 2>&1", WSC_TEST_WSCONF, WSC_TEST_OUT);
    status = system(cmd);
    assert_int_equal(WEXITSTATUS(status), 2);
    /* Nothing failed: exit 0. */
    snprintf(cmd, sizeof cmd, "'%s' run --out '%s/good' --server '%s' --only labgraph.fixture.good '%s' > /dev/null 2>&1",
             WSC_TEST_WSCONF, WSC_TEST_OUT, WSC_TEST_SERVER, WSC_TEST_FIXTURES);
    status = system(cmd);
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* A scenario marked alone overlaps no other scenario; the others still run in parallel. */
static void alone_runs_by_itself(void **state)
{
    (void)state;
    char *argv[] = { "wsconf", "run", "--out", WSC_TEST_OUT "/alone", "--server", WSC_TEST_SERVER, "-j", "8",
                     WSC_TEST_FIXTURES_ALONE, NULL };
    wsc_run *run = NULL;
    assert_int_equal(run_wsconf(argv, 0, &run), 0);
    assert_int_equal(run->n_scenarios, 8);
    run_expect_verdict(run, "labgraph.alone.bad", WSC_VERDICT_ERROR,
                       "alone.lua:24: bad scenario definition: alone must be a boolean");
    const wsc_scenario *a = run_find(run, "labgraph.alone.alone");
    run_expect_verdict(run, "labgraph.alone.alone", WSC_VERDICT_PASS, NULL);
    double a0 = a->start_time, a1 = a->start_time + a->duration_s;
    const char *others[] = { "labgraph.alone.before-1", "labgraph.alone.before-2", "labgraph.alone.before-3",
                             "labgraph.alone.after-1", "labgraph.alone.after-2", "labgraph.alone.after-3" };
    double first_end[2] = { 1e300, 1e300 }, last_start[2] = { 0, 0 };
    for (size_t i = 0; i < 6; i++) {
        run_expect_verdict(run, others[i], WSC_VERDICT_PASS, NULL);
        const wsc_scenario *s = run_find(run, others[i]);
        double s0 = s->start_time, s1 = s->start_time + s->duration_s;
        if (s0 < a1 && a0 < s1) fail_msg("%s ran while the alone scenario ran", others[i]);
        size_t g = i / 3;
        if (s1 < first_end[g]) first_end[g] = s1;
        if (s0 > last_start[g]) last_start[g] = s0;
    }
    /* each group of three ran side by side: all started before the first of them ended */
    assert_true(last_start[0] < first_end[0]);
    assert_true(last_start[1] < first_end[1]);
    wsc_run_free(run);
}

int main(void)
{
    mkdir(WSC_TEST_OUT, 0755);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_end_in_their_verdicts),
        cmocka_unit_test(binary_exits_1_and_writes_junit),
        cmocka_unit_test(alone_runs_by_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

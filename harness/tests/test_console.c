/* console: per-scenario lines and the closing counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"

static char *render(void (*fn)(wsc_console *, const void *), const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wsc_console c;
    wsc_console_init(&c, f, 0);
    fn(&c, arg);
    fclose(f);
    return buf;
}

static void print_summary(wsc_console *c, const void *run)
{
    wsc_console_summary(c, run);
}

static void print_scenario(wsc_console *c, const void *s)
{
    wsc_console_scenario(c, s);
}

static void counts_and_closing_line(void **state)
{
    (void)state;
    wsc_scenario sc[7];
    memset(sc, 0, sizeof sc);
    wsc_verdict v[7] = { WSC_VERDICT_PASS, WSC_VERDICT_PASS, WSC_VERDICT_NONSTRICT, WSC_VERDICT_INFO,
                         WSC_VERDICT_FAIL, WSC_VERDICT_ERROR, WSC_VERDICT_SKIPPED };
    for (int i = 0; i < 7; i++) sc[i].verdict = v[i];
    wsc_run run;
    memset(&run, 0, sizeof run);
    run.scenarios = sc;
    run.n_scenarios = 7;
    wsc_counts k = wsc_console_count(&run);
    assert_int_equal(k.pass, 2);
    assert_int_equal(k.nonstrict, 1);
    assert_int_equal(k.info, 1);
    assert_int_equal(k.fail, 1);
    assert_int_equal(k.error, 1);
    assert_int_equal(k.skipped, 1);
    char *out = render(print_summary, &run);
    assert_string_equal(out, "verdicts: 2 pass, 1 non-strict, 1 info, 1 fail, 1 error, 1 skipped\n"
                             "4 passed, 2 failed, 1 skipped\n");
    free(out);
}

static void failed_scenario_shows_checks_and_transcript(void **state)
{
    (void)state;
    wsc_check checks[2] = {
        { "labgraph.start.event", WSC_LEVEL_MUST, 1, "fine", "a.lua:3", NULL, NULL },
        { "labgraph.start.event", WSC_LEVEL_MUST, 0, "event echoes stream_id", "a.lua:9", "\"s1\"", "\"s2\"" },
    };
    wsc_scenario s;
    memset(&s, 0, sizeof s);
    s.id = "labgraph.start.echo";
    s.verdict = WSC_VERDICT_FAIL;
    s.duration_s = 0.125;
    s.checks = checks;
    s.n_checks = 2;
    s.transcript = "#1    0.000s -- open\n#1    0.010s <- text(2) {}\n";
    char *out = render(print_scenario, &s);
    assert_string_equal(out,
        "FAIL       labgraph.start.echo  0.12s\n"
        "  [MUST labgraph.start.event] event echoes stream_id — a.lua:9; expected \"s1\" received \"s2\"\n"
        "  transcript tail:\n"
        "    #1    0.000s -- open\n"
        "    #1    0.010s <- text(2) {}\n");
    free(out);
    s.verdict = WSC_VERDICT_PASS;
    out = render(print_scenario, &s);
    assert_string_equal(out, "PASS       labgraph.start.echo  0.12s\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_closing_line),
        cmocka_unit_test(failed_scenario_shows_checks_and_transcript),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Verdict rules, names and destructors of the result model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "wsc_result.h"

static wsc_check check(wsc_level level, int passed)
{
    wsc_check c = { 0 };
    c.level = level;
    c.passed = passed;
    return c;
}

static void verdict_rules(void **state)
{
    (void)state;
    assert_int_equal(wsc_verdict_from_checks(NULL, 0, 0), WSC_VERDICT_PASS);
    wsc_check all_pass[] = { check(WSC_LEVEL_MUST, 1), check(WSC_LEVEL_SHOULD, 1), check(WSC_LEVEL_INFO, 1) };
    assert_int_equal(wsc_verdict_from_checks(all_pass, 3, 1), WSC_VERDICT_PASS);
    wsc_check info[] = { check(WSC_LEVEL_MUST, 1), check(WSC_LEVEL_INFO, 0) };
    assert_int_equal(wsc_verdict_from_checks(info, 2, 0), WSC_VERDICT_INFO);
    assert_int_equal(wsc_verdict_from_checks(info, 2, 1), WSC_VERDICT_INFO);
    wsc_check should[] = { check(WSC_LEVEL_INFO, 0), check(WSC_LEVEL_SHOULD, 0) };
    assert_int_equal(wsc_verdict_from_checks(should, 2, 0), WSC_VERDICT_NONSTRICT);
    assert_int_equal(wsc_verdict_from_checks(should, 2, 1), WSC_VERDICT_FAIL);
    wsc_check must[] = { check(WSC_LEVEL_SHOULD, 0), check(WSC_LEVEL_MUST, 0), check(WSC_LEVEL_INFO, 0) };
    assert_int_equal(wsc_verdict_from_checks(must, 3, 0), WSC_VERDICT_FAIL);
}

static void names_and_levels(void **state)
{
    (void)state;
    assert_string_equal(wsc_verdict_name(WSC_VERDICT_PASS), "pass");
    assert_string_equal(wsc_verdict_name(WSC_VERDICT_INFO), "info");
    assert_string_equal(wsc_verdict_name(WSC_VERDICT_NONSTRICT), "non-strict");
    assert_string_equal(wsc_verdict_name(WSC_VERDICT_FAIL), "fail");
    assert_string_equal(wsc_verdict_name(WSC_VERDICT_ERROR), "error");
    assert_string_equal(wsc_verdict_name(WSC_VERDICT_SKIPPED), "skipped");
    assert_string_equal(wsc_level_name(WSC_LEVEL_MUST), "MUST");
    assert_string_equal(wsc_level_name(WSC_LEVEL_SHOULD), "SHOULD");
    assert_string_equal(wsc_level_name(WSC_LEVEL_INFO), "INFO");
    wsc_level l = WSC_LEVEL_INFO;
    assert_int_equal(wsc_level_parse("MUST", &l), 0);
    assert_int_equal(l, WSC_LEVEL_MUST);
    assert_int_equal(wsc_level_parse("SHOULD", &l), 0);
    assert_int_equal(l, WSC_LEVEL_SHOULD);
    assert_int_equal(wsc_level_parse("INFO", &l), 0);
    assert_int_equal(l, WSC_LEVEL_INFO);
    assert_int_equal(wsc_level_parse("must", &l), -1);
    assert_int_equal(wsc_level_parse("", &l), -1);
    assert_int_equal(wsc_level_parse(NULL, &l), -1);
    /* Every frame op names itself and parses back; unknown names are refused. */
    static const char *ops[] = { "text", "binary", "close", "note", "ping", "pong", "continuation" };
    for (int o = WSC_FRAME_TEXT; o <= WSC_FRAME_CONT; o++) {
        wsc_frame_op back = WSC_FRAME_NOTE;
        assert_string_equal(wsc_frame_op_name((wsc_frame_op)o), ops[o]);
        assert_int_equal(wsc_frame_op_parse(ops[o], &back), 0);
        assert_int_equal(back, o);
    }
    wsc_frame_op op;
    assert_int_equal(wsc_frame_op_parse("cont", &op), -1);
    assert_int_equal(wsc_frame_op_parse(NULL, &op), -1);
}

/* Under the sanitizer build a member left unfreed fails this test. */
static void run_free_releases_everything(void **state)
{
    (void)state;
    wsc_run *run = calloc(1, sizeof *run);
    run->tool_version = strdup("1.0");
    run->n_targets = 1;
    run->targets = calloc(1, sizeof *run->targets);
    run->targets[0] = (wsc_target){ strdup("labgraph"), strdup("ws://127.0.0.1:9000"), strdup("spec"), NULL };
    run->n_scenarios = 2;
    run->scenarios = calloc(2, sizeof *run->scenarios);
    wsc_scenario *s = &run->scenarios[0];
    s->id = strdup("labgraph.a");
    s->api = strdup("labgraph");
    s->title = strdup("t");
    s->file = strdup("f.lua");
    s->n_covers = 1;
    s->covers = calloc(1, sizeof *s->covers);
    s->covers[0] = strdup("labgraph.r");
    s->n_checks = 1;
    s->checks = calloc(1, sizeof *s->checks);
    s->checks[0] = (wsc_check){ strdup("labgraph.r"), WSC_LEVEL_MUST, 0, strdup("m"), strdup("w"), strdup("e"),
                                strdup("r") };
    s->reason = strdup("why");
    s->transcript = strdup("<- {}\n");
    wsc_run_free(run);
    wsc_run_free(NULL);
    wsc_scenario_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdict_rules),
        cmocka_unit_test(names_and_levels),
        cmocka_unit_test(run_free_releases_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* cli: `wsconf run` / `selftest` option parsing and selection patterns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cli.h"
#include "shard.h"
#include "wsc_result.h"

static int parse(wsc_cli *o, char *err, size_t errlen, ...)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "wsconf";
    va_list ap;
    va_start(ap, errlen);
    for (char *a; (a = va_arg(ap, char *));) argv[argc++] = a;
    va_end(ap);
    return wsc_cli_parse(argc, argv, o, err, errlen);
}

static void defaults(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    assert_int_equal(parse(&o, err, sizeof err, "run", NULL), 0);
    assert_int_equal(o.cmd, WSC_CMD_RUN);
    assert_int_equal(o.jobs, 8);
    assert_true(o.timeout_s == 10.0);
    assert_int_equal(o.seed, 1);
    assert_string_equal(o.out, "wsconf-out");
    assert_null(o.junit);
    assert_int_equal(o.n_paths, 0);
    assert_int_equal(o.n_targets, 0);
    wsc_cli_free(&o);
}

static void every_option(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    assert_int_equal(parse(&o, err, sizeof err, "run", "a.lua", "--target", "labgraph=ws://h:1/x",
                           "--target=hiro=wss://h/", "--junit", "j.xml", "--out=o", "-j", "3", "--timeout", "2.5",
                           "--only", "labgraph.start", "--exclude", "*.slow", "--list", "--strict", "--seed",
                           "18446744073709551615", "--ca", "ca.pem", "--insecure", "-v", "dir", NULL), 0);
    assert_int_equal(o.n_paths, 2);
    assert_string_equal(o.paths[0], "a.lua");
    assert_string_equal(o.paths[1], "dir");
    assert_int_equal(o.n_targets, 2);
    assert_string_equal(o.targets[0].api, "labgraph");
    assert_string_equal(o.targets[0].url, "ws://h:1/x");
    assert_string_equal(o.targets[1].api, "hiro");
    assert_string_equal(o.junit, "j.xml");
    assert_string_equal(o.out, "o");
    assert_int_equal(o.jobs, 3);
    assert_true(o.timeout_s == 2.5);
    assert_int_equal(o.list + o.strict + o.insecure + o.verbose, 4);
    assert_true(o.seed == 18446744073709551615ULL);
    assert_string_equal(o.ca, "ca.pem");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "-j16", "--server", "s", "--fault", "f", NULL), 0);
    assert_int_equal(o.jobs, 16);
    assert_string_equal(o.server, "s");
    assert_string_equal(o.fault, "f");
    wsc_cli_free(&o);
}

static void usage_errors_return_2(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    assert_int_equal(parse(&o, err, sizeof err, NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "frobnicate", NULL), 2);
    assert_string_equal(err, "unknown command 'frobnicate' (expected run, report, merge or selftest)");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--bogus", NULL), 2);
    assert_string_equal(err, "unknown option '--bogus' (see wsconf --help)");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "-j", "0", NULL), 2);
    assert_string_equal(err, "-j expects a number from 1 to 1024, got '0'");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "-j", NULL), 2);
    assert_string_equal(err, "option -j needs a value");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--timeout", "-1", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--seed", "x", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--target", "labgraph", NULL), 2);
    assert_string_equal(err, "--target expects API=URL, got 'labgraph'");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--target", "labgraph=http://x/", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--target", "a=ws://x/", "--target", "a=ws://y/", NULL), 2);
    assert_string_equal(err, "--target given twice for API 'a'");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--target", "a=ws://x/", "--fault", "f", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "selftest", "--target", "a=ws://x/", NULL), 2);
    wsc_cli_free(&o);
}

static void help_and_version(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    assert_int_equal(parse(&o, err, sizeof err, "--help", NULL), 0);
    assert_int_equal(o.cmd, WSC_CMD_HELP);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--help", NULL), 0);
    assert_int_equal(o.cmd, WSC_CMD_HELP);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--version", NULL), 0);
    assert_int_equal(o.cmd, WSC_CMD_VERSION);
    wsc_cli_free(&o);
    /* Every option the parser accepts is in the help text. */
    const char *opts[] = { "--target", "--junit", "--out", "-j", "--timeout", "--only", "--exclude", "--list",
                           "--strict", "--seed", "--ca", "--insecure", "--server", "--fault", "-v", NULL };
    for (int i = 0; opts[i]; i++) assert_non_null(strstr(wsc_cli_usage(), opts[i]));
}

static void profiles(void **state)
{
    (void)state;
    wsc_cli o;
    char err[300];
    assert_int_equal(parse(&o, err, sizeof err, "run", "--profile", "tg=gateway", "--profile=hiro=spec", NULL), 0);
    assert_int_equal(o.n_profiles, 2);
    assert_string_equal(wsc_cli_profile_of(&o, "tg"), "gateway");
    assert_string_equal(wsc_cli_profile_of(&o, "hiro"), "spec");
    assert_null(wsc_cli_profile_of(&o, "t"));
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--profile", "tg=a", "--profile", "tg=b", NULL), 2);
    assert_string_equal(err, "--profile given twice for API 'tg'");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--profile", "tg", NULL), 2);
    assert_string_equal(err, "--profile expects API=NAME, got 'tg'");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--profile", "=x", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--profile", NULL), 2);
    wsc_cli_free(&o);
}

static void selection_by_prefix_and_glob(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    assert_int_equal(parse(&o, err, sizeof err, "run", "--only", "labgraph.start", "--only", "*.numbering",
                           "--exclude", "labgraph.start.event-first", NULL), 0);
    assert_int_equal(wsc_cli_selected(&o, "labgraph.start.echo"), 1);
    assert_int_equal(wsc_cli_selected(&o, "labgraph.batch.numbering"), 1);
    assert_int_equal(wsc_cli_selected(&o, "labgraph.start.event-first"), 0);
    assert_int_equal(wsc_cli_selected(&o, "labgraph.end.echo"), 0);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", NULL), 0);
    assert_int_equal(wsc_cli_selected(&o, "anything"), 1);
    wsc_cli_free(&o);
}

static void gating_and_report_options(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    assert_int_equal(parse(&o, err, sizeof err, "run", "--report", "rep", "--fail-on", "should", "--shard=2/5",
                           "--dry-run", NULL), 0);
    assert_string_equal(o.report, "rep");
    assert_int_equal(o.fail_on, WSC_LEVEL_SHOULD);
    assert_int_equal(o.fail_on_given, 1);
    assert_int_equal(o.shard_k, 2);
    assert_int_equal(o.shard_n, 5);
    assert_int_equal(o.dry_run, 1);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", NULL), 0);
    assert_int_equal(o.fail_on, WSC_LEVEL_MUST);
    assert_int_equal(o.shard_n, 0);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--fail-on", "info", NULL), 0);
    assert_int_equal(o.fail_on, WSC_LEVEL_INFO);
    wsc_cli_free(&o);

    static const char *const bad[][3] = {
        { "--fail-on", "MUSTY", "--fail-on expects must, should or info, got 'MUSTY'" },
        { "--shard", "0/3", "--shard expects K/N with 1 <= K <= N <= 10000, got '0/3'" },
        { "--shard", "4/3", "--shard expects K/N" },
        { "--shard", "1/0", "--shard expects K/N" },
        { "--shard", "1/3x", "--shard expects K/N" },
        { "--shard", "-1/3", "--shard expects K/N" },
        { "--report", "", "--report needs a folder name" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(parse(&o, err, sizeof err, "run", bad[i][0], bad[i][1], NULL), 2);
        assert_non_null(strstr(err, bad[i][2]));
        wsc_cli_free(&o);
    }
    assert_int_equal(parse(&o, err, sizeof err, "run", "--list", "--dry-run", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "selftest", "--shard", "1/2", NULL), 2);
    wsc_cli_free(&o);

    /* report and merge */
    assert_int_equal(parse(&o, err, sizeof err, "report", "r.json", "--report", "out", "--fail-on", "info", NULL), 0);
    assert_int_equal(o.cmd, WSC_CMD_REPORT);
    assert_string_equal(o.paths[0], "r.json");
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "report", "r.json", NULL), 2);
    assert_non_null(strstr(err, "report expects one RESULT.json and --report DIR"));
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "report", "r.json", "--report", "o", "--only", "x", NULL), 2);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "merge", "out", "s1", "--strict", NULL), 2);
    assert_non_null(strstr(err, "merge takes only --junit and --fail-on"));
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "merge", "out", "s1", "s2", NULL), 0);
    assert_int_equal(o.cmd, WSC_CMD_MERGE);
    assert_int_equal(o.n_paths, 3);
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "merge", "out", NULL), 2);
    assert_non_null(strstr(err, "merge expects OUT_DIR and at least one SHARD_DIR"));
    wsc_cli_free(&o);
}

/* --only / --exclude match a scenario by id (and so by API) or by a covered requirement. */
static void selection_by_requirement_and_api(void **state)
{
    (void)state;
    wsc_cli o;
    char err[200];
    char *covers[] = { "labgraph.start.event", "labgraph.batch.shape" };
    assert_int_equal(parse(&o, err, sizeof err, "run", "--only", "labgraph.batch.shape", NULL), 0);
    assert_true(wsc_cli_selected_scenario(&o, "labgraph.start.echo", covers, 2));
    assert_false(wsc_cli_selected_scenario(&o, "labgraph.start.echo", covers, 1));
    wsc_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "run", "--only", "kinode", "--exclude", "*.start.event", NULL), 0);
    assert_false(wsc_cli_selected_scenario(&o, "labgraph.start.echo", NULL, 0));
    assert_true(wsc_cli_selected_scenario(&o, "kinode.reg.auth", NULL, 0));
    assert_false(wsc_cli_selected_scenario(&o, "kinode.reg.auth", covers, 1));
    wsc_cli_free(&o);
}

/* Every scenario lands in exactly one shard; sizes differ by at most one; the split
 * depends on the ids, not on their order. */
static void shards_partition_the_selection(void **state)
{
    (void)state;
    const char *ids[] = { "c.x", "a.y", "b.z", "a.a", "d.q", "b.b", "e.e" };
    const char *shuffled[] = { "e.e", "b.b", "d.q", "a.a", "b.z", "a.y", "c.x" };
    size_t n = sizeof ids / sizeof ids[0];
    for (unsigned parts = 1; parts <= 8; parts++) {
        int seen[7] = { 0 };
        size_t smallest = n, largest = 0;
        for (unsigned k = 1; k <= parts; k++) {
            int keep[7], keep2[7];
            assert_int_equal(wsc_shard_pick(ids, n, k, parts, keep), 0);
            assert_int_equal(wsc_shard_pick(shuffled, n, k, parts, keep2), 0);
            size_t size = 0;
            for (size_t i = 0; i < n; i++) {
                seen[i] += keep[i];
                size += (size_t)keep[i];
                for (size_t j = 0; j < n; j++)
                    if (strcmp(ids[i], shuffled[j]) == 0) assert_int_equal(keep[i], keep2[j]);
            }
            if (size < smallest) smallest = size;
            if (size > largest) largest = size;
        }
        for (size_t i = 0; i < n; i++) assert_int_equal(seen[i], 1);
        assert_true(largest - smallest <= 1);
    }
    /* Sorted: a.a a.y b.b b.z c.x d.q e.e; shard 2/3 takes ranks 1 and 4 (a.y, c.x). */
    int keep[7];
    assert_int_equal(wsc_shard_pick(ids, n, 2, 3, keep), 0);
    int want[7] = { 1, 1, 0, 0, 0, 0, 0 };
    for (size_t i = 0; i < n; i++) assert_int_equal(keep[i], want[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(every_option),
        cmocka_unit_test(usage_errors_return_2),
        cmocka_unit_test(help_and_version),
        cmocka_unit_test(selection_by_prefix_and_glob),
        cmocka_unit_test(profiles),
        cmocka_unit_test(gating_and_report_options),
        cmocka_unit_test(selection_by_requirement_and_api),
        cmocka_unit_test(shards_partition_the_selection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* cli: `wsconf run` / `selftest` option parsing and selection patterns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cli.h"

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
    assert_string_equal(err, "unknown command 'frobnicate' (expected run or selftest)");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(every_option),
        cmocka_unit_test(usage_errors_return_2),
        cmocka_unit_test(help_and_version),
        cmocka_unit_test(selection_by_prefix_and_glob),
        cmocka_unit_test(profiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

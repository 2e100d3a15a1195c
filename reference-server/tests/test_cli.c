#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dialects.h"
#include "server_cli.h"

static int parse(wsrv_cli *cli, char *err, size_t errlen, ...)
{
    char *argv[32] = { "wsconf-server" };
    int argc = 1;
    va_list ap;
    va_start(ap, errlen);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL)
        argv[argc++] = a;
    va_end(ap);
    err[0] = '\0';
    return wsrv_cli_parse(argc, argv, cli, err, errlen);
}

#define PARSE(cli, err, ...) parse(cli, err, sizeof err, __VA_ARGS__, (char *)NULL)

static void test_defaults(void **state)
{
    (void)state;
    wsrv_cli cli;
    char err[256];
    assert_int_equal(parse(&cli, err, sizeof err, (char *)NULL), 0);
    assert_int_equal(cli.action, WSRV_CLI_RUN);
    int lg = wsrv_dialect_find("labgraph");
    assert_true(lg >= 0);
    assert_true(cli.serve[lg]);
    assert_false(cli.ports_auto);
    assert_int_equal(cli.port[lg], -1);
    assert_true(cli.seed == 1);
    assert_int_equal(cli.faults.count, 0);
    assert_null(cli.config_path);
    assert_int_equal(cli.max_message_size, 1048576);
    assert_int_equal(cli.log_level, WSRV_LOG_WARN);
    assert_int_equal(wsrv_dialects[lg]->default_port, 9000);
}

static void test_full_command_line(void **state)
{
    (void)state;
    wsrv_cli cli;
    char err[256];
    assert_int_equal(PARSE(&cli, err, "--dialect", "labgraph", "--port", "labgraph=9100", "--seed",
                           "18446744073709551615", "--fault", "labgraph.batch-num-skip", "--fault=labgraph.end-no-event",
                           "--config", "x.json", "--max-message-size", "2048", "--log-level", "debug"), 0);
    assert_int_equal(cli.port[wsrv_dialect_find("labgraph")], 9100);
    assert_true(cli.seed == UINT64_MAX);
    assert_int_equal(cli.faults.count, 2);
    assert_true(mock_fault_active(&cli.faults, "labgraph.end-no-event"));
    assert_string_equal(cli.config_path, "x.json");
    assert_int_equal(cli.max_message_size, 2048);
    assert_int_equal(cli.log_level, WSRV_LOG_DEBUG);
    assert_string_equal(cli.listen_addr, "127.0.0.1");
    assert_int_equal(PARSE(&cli, err, "--listen", "0.0.0.0"), 0);
    assert_string_equal(cli.listen_addr, "0.0.0.0");
    assert_int_equal(PARSE(&cli, err, "--listen", "localhost"), 2);
    assert_string_equal(err, "--listen needs an IPv4 address such as 127.0.0.1 or 0.0.0.0");
    assert_int_equal(PARSE(&cli, err, "--ports", "auto"), 0);
    assert_true(cli.ports_auto);
}

static void test_actions(void **state)
{
    (void)state;
    wsrv_cli cli;
    char err[256];
    assert_int_equal(PARSE(&cli, err, "--help"), 0);
    assert_int_equal(cli.action, WSRV_CLI_HELP);
    assert_int_equal(PARSE(&cli, err, "--version"), 0);
    assert_int_equal(cli.action, WSRV_CLI_VERSION);
    assert_int_equal(PARSE(&cli, err, "--list-faults"), 0);
    assert_int_equal(cli.action, WSRV_CLI_LIST_FAULTS);
    assert_int_equal(PARSE(&cli, err, "--list-dialects"), 0);
    assert_int_equal(cli.action, WSRV_CLI_LIST_DIALECTS);
    /* The help text mentions every option. */
    const char *opts[] = { "--dialect", "--ports auto", "--port NAME=PORT", "--seed", "--fault", "--config",
                           "--max-message-size", "--log-level", "--list-faults", "--list-dialects", "--help",
                           "--version", "1001" };
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        assert_non_null(strstr(wsrv_cli_usage, opts[i]));
}

static void expect_usage(const char *fragment, int rc, const char *err)
{
    assert_int_equal(rc, 2);
    if (!strstr(err, fragment))
        fail_msg("error \"%s\" lacks \"%s\"", err, fragment);
}

static void test_usage_errors(void **state)
{
    (void)state;
    wsrv_cli cli;
    char err[256];
    int rc;
    rc = PARSE(&cli, err, "--fault", "labgraph.nope");
    expect_usage("unknown fault \"labgraph.nope\" (see --list-faults)", rc, err);
    rc = PARSE(&cli, err, "--fault");
    expect_usage("--fault needs a NAME", rc, err);
    rc = PARSE(&cli, err, "--dialect", "hiro2");
    expect_usage("unknown dialect \"hiro2\"", rc, err);
    rc = PARSE(&cli, err, "--ports", "fixed");
    expect_usage("--ports accepts only \"auto\"", rc, err);
    rc = PARSE(&cli, err, "--ports", "auto", "--port", "labgraph=1");
    expect_usage("exclude each other", rc, err);
    rc = PARSE(&cli, err, "--port", "labgraph");
    expect_usage("--port needs NAME=PORT", rc, err);
    rc = PARSE(&cli, err, "--port", "labgraph=70000");
    expect_usage("PORT must be 0..65535", rc, err);
    rc = PARSE(&cli, err, "--port", "nope=1");
    expect_usage("unknown dialect \"nope\"", rc, err);
    rc = PARSE(&cli, err, "--seed", "-1");
    expect_usage("--seed needs an unsigned 64-bit integer", rc, err);
    rc = PARSE(&cli, err, "--seed", "18446744073709551616");
    expect_usage("--seed needs", rc, err);
    rc = PARSE(&cli, err, "--seed", "12x");
    expect_usage("--seed needs", rc, err);
    rc = PARSE(&cli, err, "--max-message-size", "0");
    expect_usage("--max-message-size needs BYTES", rc, err);
    rc = PARSE(&cli, err, "--log-level", "loud");
    expect_usage("--log-level needs error, warn, info or debug, got \"loud\"", rc, err);
    rc = PARSE(&cli, err, "--config");
    expect_usage("--config needs a FILE", rc, err);
    rc = PARSE(&cli, err, "--frobnicate");
    expect_usage("unknown argument \"--frobnicate\"", rc, err);
    rc = PARSE(&cli, err, "--dialectx", "labgraph");
    expect_usage("unknown argument", rc, err);
}

static void test_tls_and_profile(void **state)
{
    (void)state;
    wsrv_cli cli;
    char err[256];
    int lg = wsrv_dialect_find("labgraph");
    assert_int_equal(PARSE(&cli, err, "--tls-cert", "c.pem", "--tls-key=k.pem", "--profile", "labgraph=strict"), 0);
    assert_string_equal(cli.tls_cert, "c.pem");
    assert_string_equal(cli.tls_key, "k.pem");
    assert_string_equal(cli.profile[lg], "strict");
    /* The last --profile of an API wins; unnamed APIs keep their default. */
    assert_int_equal(PARSE(&cli, err, "--profile=labgraph=a", "--profile", "labgraph=b"), 0);
    assert_string_equal(cli.profile[lg], "b");
    assert_int_equal(PARSE(&cli, err, "--seed", "3"), 0);
    assert_null(cli.profile[lg]);
    assert_null(cli.tls_cert);
    int rc = PARSE(&cli, err, "--profile", "nope=x");
    expect_usage("--profile: unknown API \"nope\"", rc, err);
    rc = PARSE(&cli, err, "--profile", "labgraph");
    expect_usage("--profile needs API=NAME", rc, err);
    rc = PARSE(&cli, err, "--profile", "labgraph=");
    expect_usage("--profile needs API=NAME", rc, err);
    rc = PARSE(&cli, err, "--profile");
    expect_usage("--profile needs API=NAME", rc, err);
    rc = PARSE(&cli, err, "--tls-cert", "c.pem");
    expect_usage("--tls-cert and --tls-key go together", rc, err);
    rc = PARSE(&cli, err, "--tls-key", "k.pem");
    expect_usage("--tls-cert and --tls-key go together", rc, err);
    rc = PARSE(&cli, err, "--tls-cert");
    expect_usage("--tls-cert needs a FILE", rc, err);
    for (const char *o = "--tls-cert\0--tls-key\0--profile API=NAME\0"; *o; o += strlen(o) + 1)
        assert_non_null(strstr(wsrv_cli_usage, o));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_full_command_line),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_tls_and_profile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

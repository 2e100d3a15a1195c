/* End to end against the test peer (peer_server.c): HTTP steps, Ping/Pong, fragments.
 * Runs the fixtures in fixtures_net/ in-process and checks each verdict. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "peer_server.h"
#include "runner.h"
#include "run_expect.h"
#include "tls_probe.h"

static void net_fixtures(void **state)
{
    (void)state;
    int port = 0;
    pid_t peer = peer_server_start(&port);
    assert_true(peer > 0);
    char target[100];
    snprintf(target, sizeof target, "labgraph=ws://127.0.0.1:%d/", port);
    char *argv[] = { "wsconf", "run", "--out", WSC_TEST_OUT "/net", "--target", target, "-j", "4",
                     WSC_TEST_FIXTURES_NET, NULL };
    wsc_run *run = NULL;
    int rc = run_wsconf(argv, 0, &run);
    peer_server_stop(peer);
    assert_int_equal(rc, 0);
    assert_int_equal(run->n_scenarios, 9);
    run_expect_verdict(run, "labgraph.net.get-echo", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.net.post-json", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.net.big-bodies", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.net.chunked-cookies", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.net.try-failures", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.net.http-error", WSC_VERDICT_ERROR, "http.lua:84: GET http://127.0.0.1:");
    run_expect_verdict(run, "labgraph.net.http-error", WSC_VERDICT_ERROR, "closed without a response");
    run_expect_verdict(run, "labgraph.net.transcript", WSC_VERDICT_FAIL, NULL);
    const char *tr = run_find(run, "labgraph.net.transcript")->transcript;
    assert_non_null(tr);
    if (!strstr(tr, "-> HTTP POST /echo (http://127.0.0.1:") || !strstr(tr, ", 5 bytes body)") ||
        !strstr(tr, "<- HTTP 200 OK (") || !strstr(tr, "application/json)"))
        fail_msg("transcript lacks the exchange:\n%s", tr);
    run_expect_verdict(run, "labgraph.net.ping-pong", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.net.fragments", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
}

/* Runs the profile fixtures with WSCONF_HOME pointing at fixtures_profiles (its own
 * catalogue); extra is one more argument (a --profile) or NULL. */
static int run_profiles(const char *extra, const char *out, wsc_run **run, char *err, size_t errlen)
{
    setenv("WSCONF_HOME", WSC_TEST_FIXTURES_PROFILES, 1);
    char *argv[] = { "wsconf", "run", "--out", (char *)out, "--target", "peer=ws://127.0.0.1:1/",
                     WSC_TEST_FIXTURES_PROFILES "/scenarios", (char *)extra, NULL };
    int argc = extra ? 8 : 7;
    wsc_cli cli;
    assert_int_equal(wsc_cli_parse(argc, argv, &cli, err, errlen), 0);
    wsc_runner_opts o = { .cli = &cli, .quiet = 1, .write_junit = 1 };
    *run = NULL;
    int rc = wsc_runner_run(&o, run, err, errlen);
    wsc_cli_free(&cli);
    unsetenv("WSCONF_HOME");
    return rc;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A run whose target sends hostile bytes: JUnit and the reports are written (the
 * ctests net_hostile_* validate them with xmllint against reports/junit.xsd). */
static void hostile_target_content(void **state)
{
    (void)state;
    int port = 0;
    pid_t peer = peer_server_start(&port);
    assert_true(peer > 0);
    char target[100];
    snprintf(target, sizeof target, "labgraph=ws://127.0.0.1:%d/", port);
    char *argv[] = { "wsconf", "run", "--out", WSC_TEST_OUT "/hostile", "--report", WSC_TEST_OUT "/hostile",
                     "--target", target, WSC_TEST_FIXTURES_HOSTILE, NULL };
    wsc_run *run = NULL;
    int rc = run_wsconf(argv, 1, &run);
    peer_server_stop(peer);
    assert_int_equal(rc, 0);
    run_expect_verdict(run, "labgraph.hostile.check", WSC_VERDICT_FAIL, NULL);
    run_expect_verdict(run, "labgraph.hostile.error", WSC_VERDICT_ERROR, "cdata:]]>");
    /* The bytes really came from the target: ESC and invalid UTF-8 are in the result. */
    const wsc_scenario *s = run_find(run, "labgraph.hostile.check");
    assert_non_null(strstr(s->checks[0].received, "\x1b[31m"));
    assert_non_null(strstr(s->checks[0].received, "\xff"));
    wsc_run_free(run);
    char *html = slurp(WSC_TEST_OUT "/hostile/report.html");
    assert_null(strstr(html, "<script>alert"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    free(html);
}

static void profiles_default_and_chosen(void **state)
{
    (void)state;
    char err[1024];
    wsc_run *run;
    assert_int_equal(run_profiles(NULL, WSC_TEST_OUT "/prof-default", &run, err, sizeof err), 0);
    assert_string_equal(run->targets[0].profile, "spec");
    run_expect_verdict(run, "peer.profile.default", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "peer.profile.gateway-only", WSC_VERDICT_SKIPPED,
                   "profiles.lua:9: scenario applies to profile gateway; this run expects profile 'spec' of API 'peer'");
    run_expect_verdict(run, "peer.profile.check-gw", WSC_VERDICT_ERROR,
                   "profiles.lua:21: requirement 'peer.gw' does not apply in profile 'spec' of API 'peer'");
    run_expect_verdict(run, "peer.profile.bad", WSC_VERDICT_ERROR,
                   "profiles.lua:25: bad scenario definition: profiles names 'nope', which is not a profile");
    wsc_run_free(run);
    char *xml = slurp(WSC_TEST_OUT "/prof-default/junit.xml");
    assert_non_null(strstr(xml, "<property name=\"profile\" value=\"spec\"/>"));
    free(xml);

    assert_int_equal(run_profiles("--profile=peer=gateway", WSC_TEST_OUT "/prof-gw", &run, err, sizeof err), 0);
    assert_string_equal(run->targets[0].profile, "gateway");
    run_expect_verdict(run, "peer.profile.default", WSC_VERDICT_FAIL, NULL);
    run_expect_verdict(run, "peer.profile.gateway-only", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "peer.profile.check-gw", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    xml = slurp(WSC_TEST_OUT "/prof-gw/junit.xml");
    assert_non_null(strstr(xml, "<property name=\"profile\" value=\"gateway\"/>"));
    free(xml);
}

static void unknown_profiles_are_usage_errors(void **state)
{
    (void)state;
    char err[1024];
    wsc_run *run;
    assert_int_equal(run_profiles("--profile=peer=bogus", WSC_TEST_OUT "/prof-bad", &run, err, sizeof err), -2);
    assert_null(run);
    assert_string_equal(err, "--profile peer=bogus: unknown profile 'bogus' for API 'peer' (known: spec, gateway)");
    assert_int_equal(run_profiles("--profile=other=x", WSC_TEST_OUT "/prof-bad", &run, err, sizeof err), -2);
    assert_string_equal(err, "--profile other=x: API 'other' has no profiles in the catalogue");
}

/* Runs fixtures_tls against the TLS peer with one trust option (or none). */
static wsc_run *run_tls(int port, const char *trust, const char *out)
{
    char target[100];
    snprintf(target, sizeof target, "labgraph=wss://127.0.0.1:%d/", port);
    char *argv[] = { "wsconf", "run", "--out", (char *)out, "--target", target, WSC_TEST_FIXTURES_TLS,
                     (char *)trust, NULL };
    wsc_run *run = NULL;
    assert_int_equal(run_wsconf(argv, 0, &run), 0);
    return run;
}

static void tls_with_ca_insecure_and_untrusted(void **state)
{
    (void)state;
    const char *cert = WSC_TEST_OUT "/peer-cert.pem", *key = WSC_TEST_OUT "/peer-key.pem";
    mkdir(WSC_TEST_OUT, 0755);
    assert_int_equal(peer_make_cert(cert, key), 0);
    int port = 0;
    pid_t peer = peer_server_start_tls(&port, cert, key);
    assert_true(peer > 0);
    wsc_run *run = run_tls(port, "--ca=" WSC_TEST_OUT "/peer-cert.pem", WSC_TEST_OUT "/tls-ca");
    run_expect_verdict(run, "labgraph.tls.http", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.tls.wss", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    run = run_tls(port, "--insecure", WSC_TEST_OUT "/tls-insecure");
    run_expect_verdict(run, "labgraph.tls.http", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.tls.wss", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    run = run_tls(port, NULL, WSC_TEST_OUT "/tls-untrusted");
    run_expect_verdict(run, "labgraph.tls.http", WSC_VERDICT_ERROR, "TLS: certificate verify failed");
    run_expect_verdict(run, "labgraph.tls.wss", WSC_VERDICT_ERROR, "connect wss://127.0.0.1:");
    wsc_run_free(run);
    peer_server_stop(peer);
}

/* Writes an executable stand-in for wsconf-server: it records its arguments in args_file,
 * prints ready_line and waits to be stopped. */
static void write_fake_server(const char *path, const char *args_file, const char *ready_line)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\necho \"$@\" > '%s'\necho '%s'\nexec sleep 60\n", args_file, ready_line);
    fclose(f);
    assert_int_equal(chmod(path, 0755), 0);
}

static void bundled_server_ca_tls_and_profile(void **state)
{
    (void)state;
    const char *cert = WSC_TEST_OUT "/peer-cert.pem", *key = WSC_TEST_OUT "/peer-key.pem";
    mkdir(WSC_TEST_OUT, 0755);
    assert_int_equal(peer_make_cert(cert, key), 0);
    int port = 0;
    pid_t peer = peer_server_start_tls(&port, cert, key);
    assert_true(peer > 0);
    /* The ready line names the CA and the TLS vhost: no --ca needed. */
    char ready[600];
    snprintf(ready, sizeof ready, "{\"ready\":true,\"ports\":{\"labgraph\":%d},\"ca\":\"%s\",\"tls\":[\"labgraph\"]}",
             port, cert);
    const char *fake = WSC_TEST_OUT "/fake-server.sh", *args = WSC_TEST_OUT "/fake-server.args";
    write_fake_server(fake, args, ready);
    char *argv[] = { "wsconf", "run", "--out", WSC_TEST_OUT "/bundled-tls", "--server", (char *)fake,
                     WSC_TEST_FIXTURES_TLS, "--profile", "peer=gateway", NULL };
    wsc_cli cli;
    char err[1024];
    assert_int_equal(wsc_cli_parse(7, argv, &cli, err, sizeof err), 0);
    wsc_runner_opts o = { .cli = &cli, .quiet = 1 };
    wsc_run *run = NULL;
    assert_int_equal(wsc_runner_run(&o, &run, err, sizeof err), 0);
    char want[100];
    snprintf(want, sizeof want, "wss://127.0.0.1:%d/", port);
    assert_string_equal(run->targets[0].target, want);
    run_expect_verdict(run, "labgraph.tls.http", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.tls.wss", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    wsc_cli_free(&cli);

    /* A ready line with a CA but no "tls" list: the TLS port is found by a handshake. */
    snprintf(ready, sizeof ready, "{\"ready\":true,\"ports\":{\"labgraph\":%d},\"ca\":\"%s\"}", port, cert);
    write_fake_server(fake, args, ready);
    argv[3] = WSC_TEST_OUT "/bundled-probe";
    assert_int_equal(wsc_cli_parse(7, argv, &cli, err, sizeof err), 0);
    assert_int_equal(wsc_runner_run(&o, &run, err, sizeof err), 0);
    assert_string_equal(run->targets[0].target, want);
    run_expect_verdict(run, "labgraph.tls.http", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    wsc_cli_free(&cli);
    peer_server_stop(peer);

    /* --profile goes on to the bundled server. */
    snprintf(ready, sizeof ready, "{\"ready\":true,\"ports\":{\"peer\":1}}");
    write_fake_server(fake, args, ready);
    setenv("WSCONF_HOME", WSC_TEST_FIXTURES_PROFILES, 1);
    argv[3] = WSC_TEST_OUT "/bundled-profile";
    argv[6] = WSC_TEST_FIXTURES_PROFILES "/scenarios";
    assert_int_equal(wsc_cli_parse(9, argv, &cli, err, sizeof err), 0);
    assert_int_equal(wsc_runner_run(&o, &run, err, sizeof err), 0);
    unsetenv("WSCONF_HOME");
    assert_string_equal(run->targets[0].profile, "gateway");
    run_expect_verdict(run, "peer.profile.gateway-only", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    wsc_cli_free(&cli);
    FILE *f = fopen(args, "r");
    assert_non_null(f);
    char line[300] = "";
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "--ports auto --seed 1 --profile peer=gateway\n");
}

static void tls_probe_tells_tls_from_plain(void **state)
{
    (void)state;
    const char *cert = WSC_TEST_OUT "/peer-cert.pem", *key = WSC_TEST_OUT "/peer-key.pem";
    mkdir(WSC_TEST_OUT, 0755);
    assert_int_equal(peer_make_cert(cert, key), 0);
    int tls_port = 0, plain_port = 0;
    pid_t tls = peer_server_start_tls(&tls_port, cert, key);
    pid_t plain = peer_server_start(&plain_port);
    assert_int_equal(wsc_tls_probe(tls_port, 2), 1);
    assert_int_equal(wsc_tls_probe(plain_port, 2), 0);
    peer_server_stop(tls);
    peer_server_stop(plain);
    assert_int_equal(wsc_tls_probe(plain_port, 2), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(net_fixtures), cmocka_unit_test(profiles_default_and_chosen),
        cmocka_unit_test(hostile_target_content),
        cmocka_unit_test(unknown_profiles_are_usage_errors),
        cmocka_unit_test(tls_with_ca_insecure_and_untrusted),
        cmocka_unit_test(bundled_server_ca_tls_and_profile),
        cmocka_unit_test(tls_probe_tells_tls_from_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

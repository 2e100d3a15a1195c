/* The JUnit writer: structure and counts CI consumers rely on, verdict
 * mapping, unique names, and safety against hostile target content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "junit.h"

/* Everything a target could send that breaks naive XML writers. */
static const char HOSTILE[] = "nul:\x01\x02 esc:\x1B[31mred\x1B[0m cdata-end:]]> amp:& lt:< "
                              "bad-utf8:\xC3\x28\xFF quote:\" cr:\r end";

static wsc_check make_check(const char *req, wsc_level level, int passed, const char *msg)
{
    wsc_check c = { strdup(req), level, passed, strdup(msg), strdup("scenarios/x.lua:7"), NULL, NULL };
    if (!passed) {
        c.expected = strdup("{\"batch_num\":2}");
        c.received = strdup(HOSTILE);
    }
    return c;
}

static void add_scenario(wsc_run *run, const char *id, const char *api, wsc_verdict v)
{
    run->scenarios = realloc(run->scenarios, (run->n_scenarios + 1) * sizeof *run->scenarios);
    wsc_scenario *s = &run->scenarios[run->n_scenarios++];
    memset(s, 0, sizeof *s);
    s->id = strdup(id);
    s->api = strdup(api);
    s->title = strdup("a claim");
    s->file = strdup("scenarios/x.lua");
    s->line = 3;
    s->verdict = v;
    s->start_time = 1764110000.25;
    s->duration_s = 0.0126;
    s->n_covers = 1;
    s->covers = calloc(1, sizeof *s->covers);
    s->covers[0] = strdup("labgraph.r1");
    if (v == WSC_VERDICT_FAIL || v == WSC_VERDICT_NONSTRICT || v == WSC_VERDICT_INFO) {
        wsc_level l = v == WSC_VERDICT_FAIL ? WSC_LEVEL_MUST : v == WSC_VERDICT_NONSTRICT ? WSC_LEVEL_SHOULD : WSC_LEVEL_INFO;
        s->n_checks = 2;
        s->checks = calloc(2, sizeof *s->checks);
        s->checks[0] = make_check("labgraph.r0", WSC_LEVEL_MUST, 1, "held");
        s->checks[1] = make_check("labgraph.r1", l, 0, "batch_num rises by 1");
    }
    if (v == WSC_VERDICT_ERROR) s->reason = strdup(HOSTILE);
    if (v == WSC_VERDICT_SKIPPED) s->reason = strdup("no target for API");
    if (v != WSC_VERDICT_PASS && v != WSC_VERDICT_SKIPPED) s->transcript = strdup(HOSTILE);
}

static wsc_run *sample_run(void)
{
    wsc_run *run = calloc(1, sizeof *run);
    run->tool_version = strdup("9.8.7");
    run->seed = 42;
    run->start_time = 1764110000.0;
    run->duration_s = 1.5;
    run->n_targets = 2;
    run->targets = calloc(2, sizeof *run->targets);
    run->targets[0] = (wsc_target){ strdup("labgraph"), strdup("ws://127.0.0.1:9000/?a=1&b=2"), NULL,
                                    strdup("labgraph-websockets-api.txt") };
    run->targets[1] = (wsc_target){ strdup("hiro"), strdup("wss://h/"), strdup("lenient"), NULL };
    add_scenario(run, "labgraph.ok", "labgraph", WSC_VERDICT_PASS);
    add_scenario(run, "labgraph.broken", "labgraph", WSC_VERDICT_FAIL);
    add_scenario(run, "hiro.x", "hiro", WSC_VERDICT_PASS);
    add_scenario(run, "labgraph.err", "labgraph", WSC_VERDICT_ERROR);
    add_scenario(run, "labgraph.skip", "labgraph", WSC_VERDICT_SKIPPED);
    add_scenario(run, "labgraph.ns", "labgraph", WSC_VERDICT_NONSTRICT);
    add_scenario(run, "labgraph.ok", "labgraph", WSC_VERDICT_PASS);
    return run;
}

static char *render(const wsc_run *run)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    assert_int_equal(wsc_junit_write(run, m), 0);
    fclose(m);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) n++;
    return n;
}

/* Whether needle occurs in the len bytes at hay. */
static int span_has(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0) return 1;
    return 0;
}

static void expect_has(const char *xml, const char *needle)
{
    if (!strstr(xml, needle)) fprintf(stderr, "missing: %s\n--- in ---\n%s\n", needle, xml);
    assert_non_null(strstr(xml, needle));
}

static void structure_and_counts(void **state)
{
    (void)state;
    wsc_run *run = sample_run();
    char *xml = render(run);
    assert_int_equal(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39), 0);
    expect_has(xml, "<testsuites name=\"wsconf\" tests=\"7\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"1.500\">");
    expect_has(xml, "<testsuite name=\"labgraph\" tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"0.076\" "
                    "timestamp=\"2025-11-25T22:33:20\">");
    expect_has(xml, "<testsuite name=\"hiro\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.013\" "
                    "timestamp=\"2025-11-25T22:33:20\">");
    /* Flat: the first suite closes before the second opens. */
    assert_int_equal(count(xml, "<testsuite "), 2);
    assert_true(strstr(xml, "</testsuite>") < strstr(xml, "<testsuite name=\"hiro\""));
    expect_has(xml, "<property name=\"target\" value=\"ws://127.0.0.1:9000/?a=1&amp;b=2\"/>");
    expect_has(xml, "<property name=\"profile\" value=\"document\"/>");
    expect_has(xml, "<property name=\"profile\" value=\"lenient\"/>");
    expect_has(xml, "<property name=\"tool.version\" value=\"9.8.7\"/>");
    expect_has(xml, "<property name=\"document\" value=\"labgraph-websockets-api.txt\"/>");
    expect_has(xml, "<property name=\"document\" value=\"(none)\"/>");
    expect_has(xml, "<property name=\"seed\" value=\"42\"/>");
    expect_has(xml, "<property name=\"strict\" value=\"false\"/>");
    expect_has(xml, "<testcase name=\"labgraph.ok\" classname=\"labgraph\" time=\"0.013\" file=\"scenarios/x.lua\"/>");
    expect_has(xml, "<testcase name=\"labgraph.ok #2\" classname=\"labgraph\"");
    expect_has(xml, "<testcase name=\"hiro.x\" classname=\"hiro\"");
    expect_has(xml, "<failure message=\"labgraph.r1: batch_num rises by 1\" type=\"MUST\">");
    expect_has(xml, "FAILED MUST labgraph.r1: batch_num rises by 1 (scenarios/x.lua:7)\n    expected: "
                    "{\"batch_num\":2}\n    received: nul: esc:red cdata-end:]]&gt;");
    expect_has(xml, "<error message=\"nul: esc:red cdata-end:]]&gt; amp:&amp; lt:&lt; bad-utf8:\xEF\xBF\xBD(\xEF\xBF\xBD "
                    "quote:&quot; cr:&#13; end\" type=\"error\">");
    expect_has(xml, "<skipped message=\"no target for API\"/>");
    /* Non-strict passes, with what broke in system-out. */
    const char *ns = strstr(xml, "<testcase name=\"labgraph.ns\"");
    assert_non_null(ns);
    const char *ns_end = strstr(ns, "</testcase>");
    assert_false(span_has(ns, (size_t)(ns_end - ns), "<failure"));
    assert_true(span_has(ns, (size_t)(ns_end - ns), "verdict: non-strict\n"));
    assert_true(span_has(ns, (size_t)(ns_end - ns), "FAILED SHOULD labgraph.r1"));
    free(xml);
    wsc_run_free(run);
}

/* Only characters XML 1.0 allows, in valid UTF-8. */
static void output_is_clean(void **state)
{
    (void)state;
    wsc_run *run = sample_run();
    char *xml = render(run);
    for (const unsigned char *p = (const unsigned char *)xml; *p; p++) {
        if (*p < 0x20) assert_true(*p == '\n' || *p == '\t');
        if (*p >= 0x80) {
            size_t len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
            assert_true(len >= 2);
            for (size_t i = 1; i < len; i++) assert_int_equal(p[i] & 0xC0, 0x80);
            p += len - 1;
        }
    }
    assert_null(strstr(xml, "]]>"));
    free(xml);
    wsc_run_free(run);
}

static void system_out_is_capped(void **state)
{
    (void)state;
    wsc_run *run = sample_run();
    wsc_scenario *s = &run->scenarios[1];
    free(s->transcript);
    size_t big = 300 * 1024;
    s->transcript = malloc(big + 1);
    memset(s->transcript, '<', big); /* each becomes "&lt;": 4 bytes out */
    s->transcript[big] = '\0';
    char *xml = render(run);
    const char *open = strstr(strstr(xml, "name=\"labgraph.broken\""), "<system-out>");
    const char *close = strstr(open, "</system-out>");
    size_t len = (size_t)(close - open) - strlen("<system-out>");
    assert_true(len <= WSC_JUNIT_SYSTEM_OUT_MAX + 64);
    assert_true(len >= WSC_JUNIT_SYSTEM_OUT_MAX - 8);
    assert_true(span_has(open, (size_t)(close - open), "more bytes left out]"));
    free(xml);
    wsc_run_free(run);
}

static void empty_run(void **state)
{
    (void)state;
    wsc_run run = { 0 };
    char *xml = render(&run);
    assert_string_equal(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wsconf\" tests=\"0\" "
                             "failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">\n</testsuites>\n");
    free(xml);
}

/* Writes the hostile sample for the xmllint test; checks the rename left no temporary file. */
static void write_file_is_atomic(void **state)
{
    (void)state;
    wsc_run *run = sample_run();
    char err[256] = "";
    assert_int_equal(wsc_junit_write_file(run, WSC_HOSTILE_XML, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(WSC_HOSTILE_XML, &st), 0);
    assert_true(st.st_size > 500);
    assert_int_equal(st.st_mode & 0777, 0644);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", WSC_HOSTILE_XML);
    *strrchr(dir, '/') = '\0';
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) assert_null(strstr(e->d_name, ".tmp."));
    closedir(d);

    assert_int_equal(wsc_junit_write_file(run, "/nonexistent-dir/junit.xml", err, sizeof err), -1);
    assert_string_equal(err, "No such file or directory");
    wsc_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(structure_and_counts),
        cmocka_unit_test(output_is_clean),
        cmocka_unit_test(system_out_is_capped),
        cmocka_unit_test(empty_run),
        cmocka_unit_test(write_file_is_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

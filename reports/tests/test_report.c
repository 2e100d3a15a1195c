/* The compliance report: the requirement matrix and its verdicts, summary counts,
 * uncovered requirements, the JSON round trip (what `wsconf report` and `wsconf merge`
 * rely on), and hostile target content in HTML and Markdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char HOSTILE[] = "<script>alert(1)</script> </pre></details><img src=x onerror=alert(2)> "
                              "nul:\x01 esc:\x1B[31mred\x1B[0m cdata:]]> amp:& quote:\" pipe:| bad:\xC3\x28\xFF end";

static const char CATALOGUE[] =
    "{ \"api\": \"lab\", \"document\": \"lab-api.txt\", \"requirements\": ["
    "{ \"id\": \"lab.r0\", \"level\": \"MUST\", \"title\": \"zero | one\", \"source\": \"doc, s0\" },"
    "{ \"id\": \"lab.r1\", \"level\": \"SHOULD\", \"title\": \"one\", \"source\": \"doc, s1\" },"
    "{ \"id\": \"lab.r2\", \"level\": \"INFO\", \"title\": \"two\", \"source\": \"note\" },"
    "{ \"id\": \"lab.r3\", \"level\": \"MUST\", \"title\": \"three\", \"source\": \"doc, s3\" },"
    "{ \"id\": \"lab.r4\", \"level\": \"MUST\", \"title\": \"four\", \"source\": \"doc, s4\" },"
    "{ \"id\": \"lab.r5\", \"level\": \"MUST\", \"title\": \"five\", \"source\": \"doc, s5\" } ] }";

static wsc_check check(const char *req, wsc_level level, int passed, const char *msg)
{
    wsc_check c = { strdup(req), level, passed, strdup(msg), strdup("scenarios/x.lua:7"), NULL, NULL };
    if (!passed) {
        c.expected = strdup("{\"batch_num\":2}");
        c.received = strdup(HOSTILE);
    }
    return c;
}

static wsc_scenario *add(wsc_run *run, const char *id, wsc_verdict v, const char *c1, const char *c2)
{
    run->scenarios = realloc(run->scenarios, (run->n_scenarios + 1) * sizeof *run->scenarios);
    wsc_scenario *s = &run->scenarios[run->n_scenarios++];
    memset(s, 0, sizeof *s);
    s->id = strdup(id);
    s->api = strdup("lab");
    s->title = strdup("a claim");
    s->file = strdup("scenarios/x.lua");
    s->line = 3;
    s->verdict = v;
    s->start_time = 1764110000.25;
    s->duration_s = 0.25;
    s->covers = calloc(2, sizeof *s->covers);
    s->covers[s->n_covers++] = strdup(c1);
    if (c2) s->covers[s->n_covers++] = strdup(c2);
    return s;
}

static void add_frames(wsc_scenario *s)
{
    s->frames = calloc(3, sizeof *s->frames);
    s->frames[0] = (wsc_frame_rec){ 1, WSC_DIR_OUT, 0.001, WSC_FRAME_TEXT, 12, strdup("{\"hello\":1}"), NULL, NULL };
    s->frames[1] = (wsc_frame_rec){ 1, WSC_DIR_IN, 0.0425, WSC_FRAME_BINARY, 3, strdup("00 ff 7f"),
                                    strdup("Lab_Reply"), strdup("{\"ok\":true,\"why\":\"a<b|c\"}") };
    s->frames[2] = (wsc_frame_rec){ 1, WSC_DIR_IN, 0.05, WSC_FRAME_TEXT, sizeof HOSTILE - 1, strdup(HOSTILE),
                                    NULL, NULL };
    s->n_frames = 3;
    s->frames_earlier = 5;
    s->transcript = strdup(HOSTILE);
}

/* r0 passes, r1 broken SHOULD (non-strict), r2 broken INFO, r3 uncovered, r4 covered only by
 * a skipped scenario, r5 not run (covered by a definition outside this run). */
static wsc_run *sample(wsc_catalogue *cat)
{
    memset(cat, 0, sizeof *cat);
    char err[256] = "";
    assert_int_equal(wsc_catalogue_load_text(cat, CATALOGUE, "lab.json", err, sizeof err), 0);
    wsc_run *run = calloc(1, sizeof *run);
    run->tool_version = strdup("9.8.7");
    run->seed = 18446744073709551615ULL;
    run->start_time = 1764110000.0;
    run->duration_s = 1.5;
    run->fail_on = WSC_LEVEL_MUST;
    run->shard_k = 2;
    run->shard_n = 3;
    run->targets = calloc(1, sizeof *run->targets);
    run->targets[0] = (wsc_target){ strdup("lab"), strdup("ws://127.0.0.1:9/?a=1&b=2"), NULL, strdup("lab-api.txt") };
    run->n_targets = 1;
    run->uncovered = calloc(1, sizeof *run->uncovered);
    run->uncovered[run->n_uncovered++] = strdup("lab.r3");

    wsc_scenario *s = add(run, "lab.ns", WSC_VERDICT_NONSTRICT, "lab.r0", "lab.r1");
    s->checks = calloc(2, sizeof *s->checks);
    s->checks[s->n_checks++] = check("lab.r0", WSC_LEVEL_MUST, 1, "held");
    s->checks[s->n_checks++] = check("lab.r1", WSC_LEVEL_SHOULD, 0, HOSTILE);
    add_frames(s);
    s = add(run, "lab.info", WSC_VERDICT_INFO, "lab.r2", NULL);
    s->checks = calloc(1, sizeof *s->checks);
    s->checks[s->n_checks++] = check("lab.r2", WSC_LEVEL_INFO, 0, "two held");
    s = add(run, "lab.skip", WSC_VERDICT_SKIPPED, "lab.r4", NULL);
    s->reason = strdup("no target");
    return run;
}

static char *render(const cJSON *doc, int (*write)(const cJSON *, FILE *))
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    assert_int_equal(write(doc, m), 0);
    fclose(m);
    return buf;
}

static const cJSON *find_by(const cJSON *arr, const char *key, const char *value)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, arr) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(v, key);
        if (cJSON_IsString(k) && strcmp(k->valuestring, value) == 0) return v;
    }
    return NULL;
}

static const char *verdict_of(const cJSON *doc, const char *req)
{
    const cJSON *r = find_by(cJSON_GetObjectItemCaseSensitive(doc, "requirements"), "id", req);
    assert_non_null(r);
    return cJSON_GetObjectItemCaseSensitive(r, "verdict")->valuestring;
}

static double number_at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a ? cJSON_GetObjectItemCaseSensitive(o, a) : o, b);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void matrix_and_summary(void **state)
{
    (void)state;
    wsc_catalogue cat;
    wsc_run *run = sample(&cat);
    cJSON *doc = wsc_report_build(run, &cat);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(doc, "schema")->valuestring, "wsconf-report/1");
    assert_string_equal(verdict_of(doc, "lab.r0"), "pass");
    assert_string_equal(verdict_of(doc, "lab.r1"), "non-strict");
    assert_string_equal(verdict_of(doc, "lab.r2"), "info");
    assert_string_equal(verdict_of(doc, "lab.r3"), "uncovered");
    assert_string_equal(verdict_of(doc, "lab.r4"), "skipped");
    assert_string_equal(verdict_of(doc, "lab.r5"), "not-run");
    const cJSON *r1 = find_by(cJSON_GetObjectItemCaseSensitive(doc, "requirements"), "id", "lab.r1");
    assert_true(number_at(r1, NULL, "duration_s") == 0.25);
    assert_true(number_at(r1, NULL, "checks_failed") == 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(r1, "source")->valuestring, "doc, s1");

    const cJSON *run_o = cJSON_GetObjectItemCaseSensitive(doc, "run");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(run_o, "seed")->valuestring, "18446744073709551615");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(run_o, "passed")));
    assert_true(number_at(run_o, "shard", "index") == 2 && number_at(run_o, "shard", "count") == 3);

    const cJSON *api = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "summary"), "apis"), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(api, "document")->valuestring, "lab-api.txt");
    assert_true(number_at(api, "scenarios", "non-strict") == 1 && number_at(api, "scenarios", "info") == 1 &&
                number_at(api, "scenarios", "skipped") == 1 && number_at(api, "scenarios", "total") == 3);
    assert_true(number_at(api, "requirements", "uncovered") == 1 && number_at(api, "requirements", "not-run") == 1);
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(doc, "summary");
    assert_true(number_at(summary, NULL, "uncovered") == 1 && number_at(summary, NULL, "not-run") == 1);
    assert_true(number_at(summary, "scenarios", "total") == 3);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "uncovered"), 0)->valuestring,
                        "lab.r3");

    /* The structured transcript: direction, time, opcode, length; binary as hex. */
    const cJSON *sc = find_by(cJSON_GetObjectItemCaseSensitive(doc, "scenarios"), "id", "lab.ns");
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(sc, "transcript");
    assert_true(number_at(tr, NULL, "earlier") == 5);
    const cJSON *f1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(tr, "frames"), 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(f1, "dir")->valuestring, "in");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(f1, "op")->valuestring, "binary");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(f1, "data")->valuestring, "00 ff 7f");
    assert_true(number_at(f1, NULL, "at") == 0.043 && number_at(f1, NULL, "len") == 3);
    /* The protobuf reading of a binary frame; null members on frames without one. */
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(f1, "type")->valuestring, "Lab_Reply");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(f1, "decoded")->valuestring, "{\"ok\":true,\"why\":\"a<b|c\"}");
    const cJSON *f0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(tr, "frames"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(f0, "type")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(f0, "decoded")));

    /* --fail-on should: the non-strict scenario fails the run. */
    run->fail_on = WSC_LEVEL_SHOULD;
    cJSON *strict_doc = wsc_report_build(run, &cat);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(strict_doc, "run"),
                                                               "passed")));
    cJSON_Delete(strict_doc);
    cJSON_Delete(doc);
    wsc_run_free(run);
    wsc_catalogue_free(&cat);
}

/* Parsing a report and building it again gives the same document. */
static void json_round_trip(void **state)
{
    (void)state;
    wsc_catalogue cat;
    wsc_run *run = sample(&cat);
    cJSON *doc = wsc_report_build(run, &cat);
    char *first = cJSON_Print(doc);
    cJSON *reread = cJSON_Parse(first);
    assert_non_null(reread);
    wsc_run *back = NULL;
    wsc_catalogue cat2;
    memset(&cat2, 0, sizeof cat2);
    char err[256] = "";
    assert_int_equal(wsc_report_parse(reread, &back, &cat2, err, sizeof err), 0);
    assert_int_equal(back->n_scenarios, 3);
    assert_int_equal(back->scenarios[0].n_frames, 3);
    assert_string_equal(back->scenarios[0].frames[1].proto_type, "Lab_Reply");
    assert_null(back->scenarios[0].frames[0].proto_type);
    assert_string_equal(wsc_catalogue_document(&cat2, "lab"), "lab-api.txt");
    cJSON *again = wsc_report_build(back, &cat2);
    char *second = cJSON_Print(again);
    assert_string_equal(first, second);

    /* Out-of-range numbers from a hand-edited file are taken as 0, not converted blindly. */
    cJSON *sc0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(reread, "scenarios"), 0);
    cJSON_ReplaceItemInObjectCaseSensitive(sc0, "line", cJSON_CreateNumber(-5));
    cJSON *fr0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(sc0, "transcript"), "frames"), 0);
    cJSON_ReplaceItemInObjectCaseSensitive(fr0, "len", cJSON_CreateNumber(-1));
    cJSON_ReplaceItemInObjectCaseSensitive(fr0, "conn", cJSON_CreateNumber(1e300));
    /* A report written before frames had "type" and "decoded" still reads: no protobuf tag. */
    cJSON *fr1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(sc0, "transcript"), "frames"), 1);
    cJSON_DeleteItemFromObjectCaseSensitive(fr1, "type");
    cJSON_DeleteItemFromObjectCaseSensitive(fr1, "decoded");
    wsc_run *odd = NULL;
    wsc_catalogue cat4;
    memset(&cat4, 0, sizeof cat4);
    assert_int_equal(wsc_report_parse(reread, &odd, &cat4, err, sizeof err), 0);
    assert_int_equal(odd->scenarios[0].line, 0);
    assert_int_equal(odd->scenarios[0].frames[0].len, 0);
    assert_int_equal(odd->scenarios[0].frames[0].conn, 0);
    assert_null(odd->scenarios[0].frames[1].proto_type);
    assert_null(odd->scenarios[0].frames[1].decoded);
    assert_string_equal(odd->scenarios[0].frames[1].data, "00 ff 7f");
    wsc_run_free(odd);
    wsc_catalogue_free(&cat4);

    /* Not a report: a clear refusal. */
    cJSON *other = cJSON_Parse("{\"schema\":\"something-else\"}");
    wsc_run *none = NULL;
    wsc_catalogue cat3;
    memset(&cat3, 0, sizeof cat3);
    assert_int_equal(wsc_report_parse(other, &none, &cat3, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a wsconf report"));
    assert_null(none);
    cJSON_Delete(other);

    free(first);
    free(second);
    cJSON_Delete(doc);
    cJSON_Delete(reread);
    cJSON_Delete(again);
    wsc_run_free(run);
    wsc_run_free(back);
    wsc_catalogue_free(&cat);
    wsc_catalogue_free(&cat2);
}

static void expect_has(const char *text, const char *needle)
{
    if (!strstr(text, needle)) fprintf(stderr, "missing: %s\n", needle);
    assert_non_null(strstr(text, needle));
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) n++;
    return n;
}

static void no_raw_controls(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        assert_true(*p >= 0x20 || *p == '\n' || *p == '\t');
}

static void html_is_self_contained_and_escaped(void **state)
{
    (void)state;
    wsc_catalogue cat;
    wsc_run *run = sample(&cat);
    cJSON *doc = wsc_report_build(run, &cat);
    char *html = render(doc, wsc_report_write_html);
    /* One script (the filter), one style; nothing loaded from elsewhere. */
    assert_int_equal(count(html, "<script"), 1);
    assert_int_equal(count(html, "<style"), 1);
    assert_int_equal(count(html, " src=\""), 0);
    assert_int_equal(count(html, "href=\"http"), 0);
    assert_int_equal(count(html, "<img"), 0);
    expect_has(html, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/pre&gt;&lt;/details&gt;&lt;img src=x");
    expect_has(html, "esc:red cdata:]]&gt; amp:&amp; quote:\"");
    expect_has(html, "bad:\xEF\xBF\xBD(\xEF\xBF\xBD end");
    no_raw_controls(html);
    /* Summary, matrix rows with their verdict for the filter, failed check with expected
     * and received, transcript frames with direction, time, opcode, hex. */
    expect_has(html, "<section id=\"summary\">");
    expect_has(html, "<td>lab</td><td>lab-api.txt</td>");
    expect_has(html, "<tr data-verdict=\"non-strict\"><td class=\"mono\">lab.r1</td><td>SHOULD</td>");
    expect_has(html, "<tr data-verdict=\"uncovered\"><td class=\"mono\">lab.r3</td>");
    expect_has(html, "<tr class=\"failed\"><td><strong>FAILED</strong></td><td>SHOULD</td>");
    expect_has(html, "<pre>{\"batch_num\":2}</pre>");
    expect_has(html, "<tr class=\"in\"><td class=\"n\">#1</td><td>&lt;- in</td><td class=\"n\">0.043 s</td>"
                     "<td>binary</td><td class=\"n\">3</td><td><p class=\"proto\"><strong class=\"mono\">Lab_Reply"
                     "</strong> <code>{\"ok\":true,\"why\":\"a&lt;b|c\"}</code></p><pre>00 ff 7f</pre>");
    expect_has(html, "5 earlier entries not kept");
    expect_has(html, "<details id=\"sc-0\" class=\"scenario\" data-verdict=\"non-strict\" open=\"open\">");
    expect_has(html, "<input type=\"checkbox\" value=\"fail\" checked=\"checked\"/>");
#ifdef WSC_HOSTILE_HTML
    FILE *f = fopen(WSC_HOSTILE_HTML, "w");
    assert_non_null(f);
    fputs(html, f);
    fclose(f);
#endif
    free(html);
    cJSON_Delete(doc);
    wsc_run_free(run);
    wsc_catalogue_free(&cat);
}

static void markdown_matrix(void **state)
{
    (void)state;
    wsc_catalogue cat;
    wsc_run *run = sample(&cat);
    cJSON *doc = wsc_report_build(run, &cat);
    char *md = render(doc, wsc_report_write_md);
    expect_has(md, "**PASSED**");
    expect_has(md, "shard 2/3");
    expect_has(md, "| lab | lab-api.txt | ws://127.0.0.1:9/?a=1&amp;b=2 |  | 0 | 0 | 1 | 1 | 0 | 1 | 3 | 1 |");
    expect_has(md, "| lab.r0 | MUST | pass | zero \\| one | doc, s0 | lab.ns | 0.250 s |");
    expect_has(md, "| lab.r1 | SHOULD | **non-strict** | one |");
    expect_has(md, "| lab.r3 | MUST | **uncovered** |");
    expect_has(md, "## Uncovered requirements");
    expect_has(md, "- **non-strict** lab.ns: SHOULD lab.r1: &lt;script&gt;");
    expect_has(md, "\n  - protobuf received #1 at 0.043 s: Lab\\_Reply {\"ok\":true,\"why\":\"a&lt;b\\|c\"}\n");
    assert_null(strstr(md, "<script"));
    no_raw_controls(md);
    free(md);
    cJSON_Delete(doc);
    wsc_run_free(run);
    wsc_catalogue_free(&cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matrix_and_summary),
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(html_is_self_contained_and_escaped),
        cmocka_unit_test(markdown_matrix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The requirement catalogue: the shipped files load, and broken ones are refused
 * with the file and the cause. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "wsc_catalogue.h"

/* Every shipped catalogue file loads: ids unique and prefixed by their API,
 * levels known, title and source present (the loader enforces each). */
static void shipped_catalogue_loads(void **state)
{
    (void)state;
    wsc_catalogue cat = { 0 };
    char err[512] = "";
    int rc = wsc_catalogue_load_dir(&cat, WSC_CATALOGUE_DIR, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    size_t labgraph = 0;
    for (size_t i = 0; i < cat.n; i++) {
        const wsc_requirement *r = &cat.items[i];
        assert_int_equal(strncmp(r->id, r->api, strlen(r->api)), 0);
        assert_true(strlen(r->title) > 10);
        assert_true(strlen(r->source) > 5);
        labgraph += strcmp(r->api, "labgraph") == 0;
    }
    assert_int_equal(labgraph, 28);
    const wsc_requirement *r = wsc_catalogue_find(&cat, "labgraph.start.event");
    assert_non_null(r);
    assert_int_equal(r->level, WSC_LEVEL_MUST);
    assert_null(wsc_catalogue_find(&cat, "labgraph.no-such-requirement"));
    assert_null(wsc_catalogue_find(&cat, NULL));
    wsc_catalogue_free(&cat);
    assert_int_equal(cat.n, 0);
}

static void expect_refused(const char *text, const char *message)
{
    wsc_catalogue cat = { 0 };
    char err[512] = "";
    assert_int_equal(wsc_catalogue_load_text(&cat, text, "x.json", err, sizeof err), -1);
    if (!strstr(err, message)) fprintf(stderr, "got: %s\nwanted: %s\n", err, message);
    assert_non_null(strstr(err, message));
    assert_int_equal(cat.n, 0);
    wsc_catalogue_free(&cat);
}

static void broken_files_are_refused(void **state)
{
    (void)state;
    expect_refused("{\n\"api\": \"a\",\n\"requirements\": [ , ]\n}", "x.json:3: not valid JSON");
    expect_refused("[]", "x.json: the top level needs an \"api\" string");
    expect_refused("{\"api\": \"a\"}", "x.json: the top level needs a \"requirements\" array");
    expect_refused("{\"api\": \"a\", \"requirements\": [1]}", "x.json: requirements[0] is not an object");
    expect_refused("{\"api\": \"a\", \"requirements\": [{\"level\": \"MUST\"}]}",
                   "x.json: requirements[0] has no \"id\" string");
    expect_refused("{\"api\": \"a\", \"requirements\": [{\"id\": \"b.x\", \"level\": \"MUST\", \"title\": \"t\", "
                   "\"source\": \"s\"}]}",
                   "x.json: requirement \"b.x\" does not start with \"a.\"");
    expect_refused("{\"api\": \"a\", \"requirements\": [{\"id\": \"a.x\", \"level\": \"MAY\", \"title\": \"t\", "
                   "\"source\": \"s\"}]}",
                   "x.json: requirement \"a.x\" has level \"MAY\" (expected MUST, SHOULD or INFO)");
    expect_refused("{\"api\": \"a\", \"requirements\": [{\"id\": \"a.x\", \"title\": \"t\", \"source\": \"s\"}]}",
                   "has level missing");
    expect_refused("{\"api\": \"a\", \"requirements\": [{\"id\": \"a.x\", \"level\": \"MUST\", \"source\": \"s\"}]}",
                   "x.json: requirement \"a.x\" has no \"title\" string");
    expect_refused("{\"api\": \"a\", \"requirements\": [{\"id\": \"a.x\", \"level\": \"MUST\", \"title\": \"t\"}]}",
                   "x.json: requirement \"a.x\" has no \"source\" string");
    /* A duplicate refuses the whole file: nothing of it is kept. */
    expect_refused("{\"api\": \"a\", \"requirements\": ["
                   "{\"id\": \"a.x\", \"level\": \"MUST\", \"title\": \"t\", \"source\": \"s\"},"
                   "{\"id\": \"a.x\", \"level\": \"INFO\", \"title\": \"t\", \"source\": \"s\"}]}",
                   "x.json: requirement \"a.x\" is defined twice");
}

static void duplicates_across_files_are_refused(void **state)
{
    (void)state;
    wsc_catalogue cat = { 0 };
    char err[512] = "";
    const char *one = "{\"api\": \"a\", \"requirements\": [{\"id\": \"a.x\", \"level\": \"SHOULD\", \"title\": \"t\", "
                      "\"source\": \"s\"}]}";
    assert_int_equal(wsc_catalogue_load_text(&cat, one, "one.json", err, sizeof err), 0);
    assert_int_equal(cat.n, 1);
    assert_int_equal(cat.items[0].level, WSC_LEVEL_SHOULD);
    assert_string_equal(cat.items[0].api, "a");
    assert_int_equal(wsc_catalogue_load_text(&cat, one, "two.json", err, sizeof err), -1);
    assert_string_equal(err, "two.json: requirement \"a.x\" is defined twice");
    assert_int_equal(cat.n, 1);
    wsc_catalogue_free(&cat);
}

/* Profiles: the API's list (first = default) and each requirement's subset. */
static void profiles_load_and_apply(void **state)
{
    (void)state;
    const char *text = "{\"api\":\"tg\",\"profiles\":[\"spec\",\"gateway\"],\"requirements\":["
        "{\"id\":\"tg.a\",\"level\":\"MUST\",\"title\":\"t\",\"source\":\"s\"},"
        "{\"id\":\"tg.b\",\"level\":\"MUST\",\"title\":\"t\",\"source\":\"s\",\"profiles\":[\"gateway\"]}]}";
    wsc_catalogue cat = { 0 };
    char err[512] = "";
    assert_int_equal(wsc_catalogue_load_text(&cat, text, "tg.json", err, sizeof err), 0);
    const wsc_api_profiles *p = wsc_catalogue_profiles(&cat, "tg");
    assert_non_null(p);
    assert_int_equal(p->n, 2);
    assert_string_equal(p->names[0], "spec");
    assert_true(wsc_catalogue_has_profile(&cat, "tg", "gateway"));
    assert_false(wsc_catalogue_has_profile(&cat, "tg", "other"));
    assert_null(wsc_catalogue_profiles(&cat, "labgraph"));
    const wsc_requirement *a = wsc_catalogue_find(&cat, "tg.a"), *b = wsc_catalogue_find(&cat, "tg.b");
    assert_true(wsc_requirement_applies(a, "spec"));
    assert_true(wsc_requirement_applies(a, "gateway"));
    assert_false(wsc_requirement_applies(b, "spec"));
    assert_true(wsc_requirement_applies(b, "gateway"));
    assert_true(wsc_requirement_applies(b, NULL));
    /* A second file may not give the same API's profiles again. */
    const char *again = "{\"api\":\"tg\",\"profiles\":[\"x\"],\"requirements\":[]}";
    assert_int_equal(wsc_catalogue_load_text(&cat, again, "tg2.json", err, sizeof err), -1);
    assert_string_equal(err, "tg2.json: the profiles of API \"tg\" are already given by another file");
    wsc_catalogue_free(&cat);
    assert_int_equal(cat.n_apis, 0);
}

static void bad_profiles_are_refused(void **state)
{
    (void)state;
    expect_refused("{\"api\":\"tg\",\"profiles\":[\"spec\"],\"requirements\":["
                   "{\"id\":\"tg.a\",\"level\":\"MUST\",\"title\":\"t\",\"source\":\"s\",\"profiles\":[\"gateway\"]}]}",
                   "x.json: requirement \"tg.a\" names profile \"gateway\", which is not in the API's \"profiles\"");
    expect_refused("{\"api\":\"tg\",\"requirements\":["
                   "{\"id\":\"tg.a\",\"level\":\"MUST\",\"title\":\"t\",\"source\":\"s\",\"profiles\":[\"spec\"]}]}",
                   "x.json: requirement \"tg.a\" names profile \"spec\", which is not in the API's \"profiles\"");
    expect_refused("{\"api\":\"tg\",\"profiles\":[],\"requirements\":[]}",
                   "x.json: \"profiles\" must be a non-empty array of names");
    expect_refused("{\"api\":\"tg\",\"profiles\":\"spec\",\"requirements\":[]}",
                   "x.json: \"profiles\" must be a non-empty array of names");
    expect_refused("{\"api\":\"tg\",\"profiles\":[\"a\",\"a\"],\"requirements\":[]}",
                   "x.json: \"profiles\" entries must be distinct non-empty strings");
    expect_refused("{\"api\":\"tg\",\"profiles\":[\"a\"],\"requirements\":["
                   "{\"id\":\"tg.a\",\"level\":\"MUST\",\"title\":\"t\",\"source\":\"s\",\"profiles\":[1]}]}",
                   "x.json: requirement \"tg.a\": \"profiles\" entries must be distinct non-empty strings");
}

static void folder_errors(void **state)
{
    (void)state;
    wsc_catalogue cat = { 0 };
    char err[512] = "";
    assert_int_equal(wsc_catalogue_load_dir(&cat, "/nonexistent/wsconf-catalogue", err, sizeof err), -1);
    assert_string_equal(err, "catalogue folder /nonexistent/wsconf-catalogue: No such file or directory");

    char dir[600];
    snprintf(dir, sizeof dir, "%s/empty-catalogue", WSC_TEST_TMP);
    mkdir(dir, 0755);
    assert_int_equal(wsc_catalogue_load_dir(&cat, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "no requirement found"));

    char path[700];
    snprintf(path, sizeof path, "%s/broken.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"api\": \"a\",\n\n\"requirements\": [\n", f);
    fclose(f);
    assert_int_equal(wsc_catalogue_load_dir(&cat, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "broken.json:"));
    assert_non_null(strstr(err, "not valid JSON"));
    remove(path);
    wsc_catalogue_free(&cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_catalogue_loads),
        cmocka_unit_test(broken_files_are_refused),
        cmocka_unit_test(duplicates_across_files_are_refused),
        cmocka_unit_test(folder_errors),
        cmocka_unit_test(profiles_load_and_apply),
        cmocka_unit_test(bad_profiles_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

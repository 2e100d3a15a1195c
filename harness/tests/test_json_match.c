/* json_match: partial matching of JSON values and the mismatch path it reports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "json_match.h"

static int match(const char *pattern, const char *value, char *path, size_t len)
{
    cJSON *p = cJSON_Parse(pattern), *v = cJSON_Parse(value);
    assert_non_null(p);
    assert_non_null(v);
    int ok = wsc_json_match(p, v, path, len);
    cJSON_Delete(p);
    cJSON_Delete(v);
    return ok;
}

static void objects_are_subsets(void **state)
{
    (void)state;
    char path[200];
    assert_int_equal(match("{}", "{\"a\":1}", path, sizeof path), 1);
    assert_int_equal(match("{\"a\":1}", "{\"a\":1,\"b\":2}", path, sizeof path), 1);
    assert_int_equal(match("{\"c\":1}", "{\"a\":1}", path, sizeof path), 0);
    assert_string_equal(path, "$.c: missing");
    assert_int_equal(match("{\"a\":1}", "[1]", path, sizeof path), 0);
    assert_string_equal(path, "$: expected an object, got an array");
}

static void nesting_reports_the_path(void **state)
{
    (void)state;
    char path[200];
    const char *v = "{\"api_event\":{\"request_id\":8,\"start_stream_event\":{\"stream_id\":\"s1\"}}}";
    assert_int_equal(match("{\"api_event\":{\"start_stream_event\":{}}}", v, path, sizeof path), 1);
    assert_int_equal(match("{\"api_event\":{\"request_id\":7}}", v, path, sizeof path), 0);
    assert_string_equal(path, "$.api_event.request_id: expected 7, got 8");
    assert_int_equal(match("{\"api_event\":{\"start_stream_event\":{\"stream_id\":\"s2\"}}}", v, path, sizeof path), 0);
    assert_string_equal(path, "$.api_event.start_stream_event.stream_id: expected \"s2\", got \"s1\"");
}

static void arrays_match_element_wise(void **state)
{
    (void)state;
    char path[200];
    assert_int_equal(match("[1,{\"a\":2}]", "[1,{\"a\":2,\"b\":3}]", path, sizeof path), 1);
    assert_int_equal(match("[1,2]", "[1,2,3]", path, sizeof path), 0);
    assert_string_equal(path, "$: expected an array of 2, got 3 elements");
    assert_int_equal(match("{\"x\":[1,5]}", "{\"x\":[1,2]}", path, sizeof path), 0);
    assert_string_equal(path, "$.x[1]: expected 5, got 2");
    assert_int_equal(match("[]", "[]", path, sizeof path), 1);
}

static void numbers_by_value_strings_never(void **state)
{
    (void)state;
    char path[200];
    assert_int_equal(match("7", "7.0", path, sizeof path), 1);
    assert_int_equal(match("{\"v\":0.1}", "{\"v\":0.1}", path, sizeof path), 1);
    assert_int_equal(match("{\"v\":\"0.1\"}", "{\"v\":0.1}", path, sizeof path), 0);
    assert_string_equal(path, "$.v: expected \"0.1\", got 0.10000000000000001");
    assert_int_equal(match("{\"v\":0.1}", "{\"v\":\"0.1\"}", path, sizeof path), 0);
    assert_int_equal(match("true", "1", path, sizeof path), 0);
}

static void null_and_absent(void **state)
{
    (void)state;
    char path[200];
    assert_int_equal(match("{\"a\":null}", "{\"a\":null}", path, sizeof path), 1);
    assert_int_equal(match("{\"a\":null}", "{}", path, sizeof path), 0);
    assert_string_equal(path, "$.a: missing");
    assert_int_equal(match("{\"a\":null}", "{\"a\":0}", path, sizeof path), 0);

    cJSON *p = cJSON_CreateObject();
    cJSON_AddItemToObject(p, "request_id", wsc_json_absent_new());
    cJSON *without = cJSON_Parse("{\"error_event\":{}}");
    cJSON *with = cJSON_Parse("{\"request_id\":null,\"error_event\":{}}");
    assert_int_equal(wsc_json_match(p, without, path, sizeof path), 1);
    assert_int_equal(wsc_json_match(p, with, path, sizeof path), 0);
    assert_string_equal(path, "$.request_id: expected absent, got null");
    cJSON_Delete(p);
    cJSON_Delete(without);
    cJSON_Delete(with);
}

static void path_may_be_null(void **state)
{
    (void)state;
    assert_int_equal(match("{\"a\":1}", "{\"a\":2}", NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(objects_are_subsets),
        cmocka_unit_test(nesting_reports_the_path),
        cmocka_unit_test(arrays_match_element_wise),
        cmocka_unit_test(numbers_by_value_strings_never),
        cmocka_unit_test(null_and_absent),
        cmocka_unit_test(path_may_be_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

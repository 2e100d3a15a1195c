/* Hanami REST validation: order of checks and the exact texts of the real server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hanami/hn_validate.h"

static const hn_rule mnist_rules[] = {
    { "input_data_size", HN_VALUE_INT, true, NULL, 1, 10000000000LL },
    { "label_data_size", HN_VALUE_INT, true, NULL, 1, 10000000000LL },
    { "name", HN_VALUE_STRING, true, "[a-zA-Z][a-zA-Z_0-9 ]*", 4, 256 },
};
#define NRULES (sizeof mnist_rules / sizeof mnist_rules[0])

static const char *check(const char *body)
{
    static char msg[512];
    cJSON *j = cJSON_Parse(body);
    msg[0] = '\0';
    if (hn_validate(j, mnist_rules, NRULES, msg, sizeof msg) == 0)
        strcpy(msg, "OK");
    cJSON_Delete(j);
    return msg;
}

static void valid_body_passes(void **state)
{
    (void)state;
    assert_string_equal(check("{\"name\":\"mnist test\",\"input_data_size\":16,\"label_data_size\":9}"), "OK");
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":10000000000,\"label_data_size\":1,\"token\":\"x\"}"),
                        "OK");
}

static void unknown_key_comes_first(void **state)
{
    (void)state;
    assert_string_equal(check("{\"bogus\":1}"),
                        "Validation failed, because item 'bogus' is not in the list of allowed keys");
}

static void missing_keys_in_alphabetical_order(void **state)
{
    (void)state;
    assert_string_equal(check("{\"name\":\"abcd\"}"),
                        "Validation failed, because variable 'input_data_size' is required, but is not set.");
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":5}"),
                        "Validation failed, because variable 'label_data_size' is required, but is not set.");
    assert_string_equal(check("[1,2]"),
                        "Validation failed, because variable 'input_data_size' is required, but is not set.");
}

static void types_regex_and_limits(void **state)
{
    (void)state;
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":\"12\",\"label_data_size\":1}"),
                        "Value-validation failed, because a item 'input_data_size'  has the false type: Exprect int-type.");
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":1.5,\"label_data_size\":1}"),
                        "Value-validation failed, because a item 'input_data_size'  has the false type: Exprect int-type.");
    assert_string_equal(check("{\"name\":5,\"input_data_size\":1,\"label_data_size\":1}"),
                        "Value-validation failed, because a item 'name'  has the false type: Exprect string-type.");
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":0,\"label_data_size\":1}"),
                        "Given item 'input_data_size' is smaller than 1");
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":-5,\"label_data_size\":1}"),
                        "Given item 'input_data_size' is smaller than 1");
    assert_string_equal(check("{\"name\":\"abcd\",\"input_data_size\":1,\"label_data_size\":1e300}"),
                        "Given item 'label_data_size' is bigger than 10000000000");
    assert_string_equal(check("{\"name\":\"1abc\",\"input_data_size\":1,\"label_data_size\":1}"),
                        "Given item 'name' doesn't match with regex \"^[a-zA-Z][a-zA-Z_0-9 ]*$\"");
    assert_string_equal(check("{\"name\":\"abc\",\"input_data_size\":1,\"label_data_size\":1}"),
                        "Given item 'name' is shorter than 4 characters");
}

static void uuids(void **state)
{
    (void)state;
    assert_true(hn_is_uuid("0c1a5700-0000-4000-8000-000000000001"));
    assert_true(hn_is_uuid("ABCDEF00-0000-4000-8000-000000000001"));
    assert_false(hn_is_uuid("0c1a5700-0000-4000-8000-00000000000"));
    assert_false(hn_is_uuid("0c1a5700-0000-4000-8000-00000000000g"));
    assert_false(hn_is_uuid("0c1a5700x0000-4000-8000-000000000001"));
    assert_false(hn_is_uuid(""));
}

static void query_values_are_typed(void **state)
{
    (void)state;
    cJSON *q = hn_query_to_json("uuid=abc%2Ddef&n=-12&f=1.5&e&token=t");
    assert_non_null(q);
    assert_string_equal(cJSON_GetObjectItem(q, "uuid")->valuestring, "abc-def");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(q, "n")));
    assert_int_equal(cJSON_GetObjectItem(q, "n")->valueint, -12);
    assert_true(cJSON_GetObjectItem(q, "f")->valuedouble == 1.5);
    assert_string_equal(cJSON_GetObjectItem(q, "e")->valuestring, "");
    cJSON_Delete(q);
    assert_null(hn_query_to_json("uuid=%zz"));
    assert_null(hn_query_to_json("uuid=%4"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_body_passes),
        cmocka_unit_test(unknown_key_comes_first),
        cmocka_unit_test(missing_keys_in_alphabetical_order),
        cmocka_unit_test(types_regex_and_limits),
        cmocka_unit_test(uuids),
        cmocka_unit_test(query_values_are_typed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

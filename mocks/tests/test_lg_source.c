#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "labgraph/lg_source.h"
#include "rng.h"

static void test_format_round_trips(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(mock_lg_format_double(0.1, buf), "0.1");
    assert_string_equal(mock_lg_format_double(0.8925656607490868, buf), "0.8925656607490868");
    assert_string_equal(mock_lg_format_double(1.0 / 3.0, buf), "0.3333333333333333");
    assert_string_equal(mock_lg_format_double(1700000000.25, buf), "1700000000.25");
    /* The exact-decimal path: multiples of 10^-6, trailing zeros dropped. */
    assert_string_equal(mock_lg_format_double(0.68299, buf), "0.68299");
    assert_string_equal(mock_lg_format_double(0.000001, buf), "0.000001");
    assert_string_equal(mock_lg_format_double(0.0, buf), "0");
    assert_string_equal(mock_lg_format_double(1764110000.123456, buf), "1764110000.123456");
    assert_string_equal(mock_lg_format_double(1764110000.1, buf), "1764110000.1");
    assert_string_equal(mock_lg_format_double(-0.5, buf), "-0.5");
    assert_string_equal(mock_lg_format_double(1e300, buf), "1e+300");
    for (uint64_t b = 1; b < 2000; b++) {
        double v = mock_rng_lg_value(1, "device.stream1", b, 0, 3);
        assert_true(strtod(mock_lg_format_double(v, buf), NULL) == v);
        double ts = (double)(1764110000000000ull + b * 7919u) / 1e6;
        assert_true(strtod(mock_lg_format_double(ts, buf), NULL) == ts);
        assert_non_null(strchr(buf, '.'));
        assert_true(strlen(strchr(buf, '.')) <= 7);
    }
}

static void test_float_array_data(void **state)
{
    (void)state;
    mock_lg_stream s = { .name = "device.stream1", .kind = MOCK_LG_DATA_FLOAT_ARRAY, .length = 16 };
    cJSON *d = mock_lg_sample_data(&s, 1, 1, 0);
    assert_non_null(d);
    char *text = cJSON_PrintUnformatted(d);
    cJSON *back = cJSON_Parse(text);
    assert_int_equal(cJSON_GetArraySize(back), 16);
    assert_true(cJSON_GetArrayItem(back, 0)->valuedouble == 0.306576);
    assert_true(cJSON_GetArrayItem(back, 15)->valuedouble == 0.868039);
    assert_true(strncmp(text, "[0.306576,", 10) == 0);
    cJSON_Delete(back);
    free(text);
    cJSON_Delete(d);
}

static void test_float_data(void **state)
{
    (void)state;
    mock_lg_stream s = { .name = "device.stream2", .kind = MOCK_LG_DATA_FLOAT, .length = 1 };
    cJSON *d = mock_lg_sample_data(&s, 1, 2, 3);
    char *text = cJSON_PrintUnformatted(d);
    assert_string_equal(text, "0.68299");
    free(text);
    cJSON_Delete(d);
    mock_lg_stream none = { .name = "app.echo", .kind = MOCK_LG_DATA_NONE };
    assert_null(mock_lg_sample_data(&none, 1, 1, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_round_trips),
        cmocka_unit_test(test_float_array_data),
        cmocka_unit_test(test_float_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

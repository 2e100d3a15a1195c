/* The generator must match the documented definition bit for bit: scenarios recompute it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rng.h"

static void test_splitmix64_vectors(void **state)
{
    (void)state;
    /* splitmix64 from 0 is the well-known first output of the reference generator. */
    assert_true(mock_splitmix64(0) == 0xe220a8397b1dcdafULL);
    assert_true(mock_splitmix64(1) == 0x910a2dec89025cc1ULL);
}

static void test_fnv1a64_vectors(void **state)
{
    (void)state;
    assert_true(mock_fnv1a64("") == 0xcbf29ce484222325ULL);
    assert_true(mock_fnv1a64("device.stream1") == 0x7b75449d5321e7f2ULL);
}

static void test_lg_value_vectors(void **state)
{
    (void)state;
    /* Computed once with an independent implementation of the README definition. */
    assert_true(mock_rng_lg_value(1, "device.stream1", 1, 0, 0) == 0.306576);
    assert_true(mock_rng_lg_value(1, "device.stream1", 1, 0, 15) == 0.868039);
    assert_true(mock_rng_lg_value(1, "device.stream2", 2, 3, 0) == 0.68299);
    assert_true(mock_rng_lg_value(42, "bench.fast", 7, 0, 5) == 0.694061);
    assert_true(mock_rng_lg_value(1, "app.echo", 1, 0, 0) == 0.418528);
}

static void test_lg_value_depends_on_every_input(void **state)
{
    (void)state;
    double base = mock_rng_lg_value(1, "device.stream1", 1, 0, 0);
    assert_true(mock_rng_lg_value(2, "device.stream1", 1, 0, 0) != base);
    assert_true(mock_rng_lg_value(1, "device.stream2", 1, 0, 0) != base);
    assert_true(mock_rng_lg_value(1, "device.stream1", 2, 0, 0) != base);
    assert_true(mock_rng_lg_value(1, "device.stream1", 1, 1, 0) != base);
    assert_true(mock_rng_lg_value(1, "device.stream1", 1, 0, 1) != base);
}

static void test_values_in_unit_interval(void **state)
{
    (void)state;
    for (uint64_t b = 1; b <= 200; b++)
        for (uint64_t e = 0; e < 16; e++) {
            double v = mock_rng_lg_value(7, "bench.fast", b, 0, e);
            assert_true(v >= 0.0 && v < 1.0);
        }
    assert_true(mock_unit_double(UINT64_MAX) < 1.0);
    assert_true(mock_unit_double(0) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix64_vectors),
        cmocka_unit_test(test_fnv1a64_vectors),
        cmocka_unit_test(test_lg_value_vectors),
        cmocka_unit_test(test_lg_value_depends_on_every_input),
        cmocka_unit_test(test_values_in_unit_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "labgraph/lg_pace.h"

static void test_first_batch_due_at_anchor(void **state)
{
    (void)state;
    assert_int_equal(lg_pace_due(100, 5000, 0, 5000), 1);
    assert_int_equal(lg_pace_due(100, 5000, 1, 5000), 0);
    assert_int_equal(lg_pace_due(100, 5000, 0, 4999), 0); /* before the anchor */
}

static void test_due_counts_at_100hz(void **state)
{
    (void)state;
    /* 100 Hz: one batch every 10 ms. */
    assert_int_equal(lg_pace_due(100, 0, 1, 9999), 0);
    assert_int_equal(lg_pace_due(100, 0, 1, 10000), 1);
    assert_int_equal(lg_pace_due(100, 0, 1, 25000), 2);
    assert_int_equal(lg_pace_due(100, 0, 3, 25000), 0);
    assert_int_equal(lg_pace_due(100, 0, 0, 1000000), 101);
}

static void test_due_at(void **state)
{
    (void)state;
    assert_int_equal(lg_pace_due_at(100, 0, 0), 0);
    assert_int_equal(lg_pace_due_at(100, 0, 1), 10000);
    assert_int_equal(lg_pace_due_at(50, 1000, 2), 41000);
    assert_int_equal(lg_pace_due_at(3, 0, 1), 333334);
    /* A timer fired exactly at due_at finds exactly that batch due. */
    for (uint64_t k = 1; k < 1000; k++) {
        uint64_t at = lg_pace_due_at(3, 7, k);
        assert_int_equal(lg_pace_due(3, 7, k, at), 1);
        assert_int_equal(lg_pace_due(3, 7, k, at - 1), 0);
    }
}

static void test_rate_zero_never_due(void **state)
{
    (void)state;
    assert_int_equal(lg_pace_due(0, 0, 0, 1000000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_batch_due_at_anchor),
        cmocka_unit_test(test_due_counts_at_100hz),
        cmocka_unit_test(test_due_at),
        cmocka_unit_test(test_rate_zero_never_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

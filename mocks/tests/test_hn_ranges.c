/* The exact byte-range tracker behind Hanami upload progress. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hanami/hn_ranges.h"

static void in_order_chunks_complete_only_at_the_last_byte(void **state)
{
    (void)state;
    hn_ranges r;
    hn_ranges_init(&r, 300000);   /* two full 128 KiB chunks and an unaligned tail */
    assert_false(hn_ranges_complete(&r));
    assert_int_equal(hn_ranges_add(&r, 0, 131072), HN_RANGES_OK);
    assert_int_equal(hn_ranges_add(&r, 131072, 131072), HN_RANGES_OK);
    assert_int_equal(r.covered, 262144);
    assert_false(hn_ranges_complete(&r));   /* upstream's bitmap already says complete here */
    assert_int_equal(hn_ranges_add(&r, 262144, 300000 - 262144 - 1), HN_RANGES_OK);
    assert_false(hn_ranges_complete(&r));   /* one byte missing */
    assert_int_equal(hn_ranges_add(&r, 299999, 1), HN_RANGES_OK);
    assert_true(hn_ranges_complete(&r));
    assert_int_equal(r.n, 1);
    hn_ranges_free(&r);
}

static void out_of_order_and_resent_chunks_merge(void **state)
{
    (void)state;
    hn_ranges r;
    hn_ranges_init(&r, 100);
    assert_int_equal(hn_ranges_add(&r, 80, 20), HN_RANGES_OK);
    assert_int_equal(hn_ranges_add(&r, 0, 10), HN_RANGES_OK);
    assert_int_equal(hn_ranges_add(&r, 40, 10), HN_RANGES_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.covered, 40);
    assert_int_equal(hn_ranges_add(&r, 40, 10), HN_RANGES_OK);   /* resend */
    assert_int_equal(r.covered, 40);
    assert_int_equal(hn_ranges_add(&r, 5, 40), HN_RANGES_OK);    /* overlaps two */
    assert_int_equal(r.n, 2);
    assert_int_equal(r.r[0].start, 0);
    assert_int_equal(r.r[0].end, 50);
    assert_int_equal(r.covered, 70);
    assert_int_equal(hn_ranges_add(&r, 50, 30), HN_RANGES_OK);   /* adjacent on both sides */
    assert_int_equal(r.n, 1);
    assert_true(hn_ranges_complete(&r));
    hn_ranges_free(&r);
}

static void overlap_spanning_many_ranges(void **state)
{
    (void)state;
    hn_ranges r;
    hn_ranges_init(&r, 1000);
    for (uint64_t i = 0; i < 50; i++)
        assert_int_equal(hn_ranges_add(&r, i * 20, 10), HN_RANGES_OK);
    assert_int_equal(r.n, 50);
    assert_int_equal(r.covered, 500);
    assert_int_equal(hn_ranges_add(&r, 15, 970), HN_RANGES_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.covered, 985);   /* 10..15 and 990..1000 never sent */
    assert_int_equal(r.r[0].end, 10);
    assert_int_equal(r.r[1].start, 15);
    assert_int_equal(r.r[1].end, 990);
    assert_false(hn_ranges_complete(&r));
    hn_ranges_free(&r);
}

static void beyond_size_is_refused_and_not_recorded(void **state)
{
    (void)state;
    hn_ranges r;
    hn_ranges_init(&r, 100);
    assert_int_equal(hn_ranges_add(&r, 90, 11), HN_RANGES_BEYOND_SIZE);
    assert_int_equal(hn_ranges_add(&r, 101, 0), HN_RANGES_BEYOND_SIZE);
    assert_int_equal(hn_ranges_add(&r, UINT64_MAX, 2), HN_RANGES_BEYOND_SIZE);   /* would wrap */
    assert_int_equal(hn_ranges_add(&r, 1, UINT64_MAX), HN_RANGES_BEYOND_SIZE);
    assert_int_equal(r.covered, 0);
    assert_int_equal(r.n, 0);
    assert_int_equal(hn_ranges_add(&r, 90, 10), HN_RANGES_OK);   /* up to the last byte is fine */
    assert_int_equal(hn_ranges_add(&r, 100, 0), HN_RANGES_OK);   /* empty at the end: nothing */
    assert_int_equal(r.covered, 10);
    hn_ranges_free(&r);
}

static void empty_data_marks_nothing(void **state)
{
    (void)state;
    hn_ranges r;
    hn_ranges_init(&r, 10);
    assert_int_equal(hn_ranges_add(&r, 0, 0), HN_RANGES_OK);
    assert_int_equal(r.n, 0);
    assert_false(hn_ranges_complete(&r));
    hn_ranges_free(&r);
    hn_ranges_init(&r, 0);
    assert_true(hn_ranges_complete(&r));
    hn_ranges_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_order_chunks_complete_only_at_the_last_byte),
        cmocka_unit_test(out_of_order_and_resent_chunks_merge),
        cmocka_unit_test(overlap_spanning_many_ranges),
        cmocka_unit_test(beyond_size_is_refused_and_not_recorded),
        cmocka_unit_test(empty_data_marks_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

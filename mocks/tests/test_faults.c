#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "faults.h"
#include "labgraph/lg_faults.h"

static void test_find_known_fault(void **state)
{
    (void)state;
    const mock_fault_info *f = mock_fault_find("labgraph.batch-num-from-zero");
    assert_non_null(f);
    assert_string_equal(f->api, "labgraph");
    assert_string_equal(f->breaks, "labgraph.batch.num-sequence");
    assert_true(strlen(f->description) > 10);
    f = mock_fault_find("labgraph.oversize-close-1000");
    assert_non_null(f);
    assert_string_equal(f->breaks, "labgraph.limits.message-size");
    f = mock_fault_find("labgraph.error-request-id-dropped");
    assert_non_null(f);
    assert_string_equal(f->breaks, "labgraph.error.stream-id-not-found");
}

static void test_unknown_fault(void **state)
{
    (void)state;
    assert_null(mock_fault_find("labgraph.no-such-fault"));
    assert_null(mock_fault_find("labgraph.batch-num"));
    assert_null(mock_fault_find(""));
}

static void test_catalogue_complete_and_unique(void **state)
{
    (void)state;
    size_t labgraph = 0;
    for (size_t i = 0; i < mock_fault_count(); i++) {
        const mock_fault_info *f = mock_fault_at(i);
        assert_non_null(f);
        assert_non_null(f->name);
        assert_true(strncmp(f->name, f->api, strlen(f->api)) == 0);
        /* a fault breaks a requirement of its own API */
        assert_true(strncmp(f->breaks, f->api, strlen(f->api)) == 0 && f->breaks[strlen(f->api)] == '.');
        labgraph += strcmp(f->api, "labgraph") == 0;
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(mock_fault_at(k)->name, f->name);
    }
    assert_int_equal(labgraph, 31);
    assert_null(mock_fault_at(mock_fault_count()));
    /* The enum and the table agree. */
    assert_string_equal(mock_lg_faults[MOCK_LG_BATCH_NUM_SKIP].name, "labgraph.batch-num-skip");
    assert_string_equal(mock_lg_faults[MOCK_LG_OVERSIZE_CLOSE_1000].name, "labgraph.oversize-close-1000");
    assert_string_equal(mock_lg_faults[MOCK_LG_GREETING_ON_OPEN].name, "labgraph.greeting-on-open");
}

static void test_fault_set(void **state)
{
    (void)state;
    mock_fault_set set = { 0 };
    assert_false(mock_fault_active(&set, "labgraph.batch-num-skip"));
    assert_false(mock_fault_active(NULL, "labgraph.batch-num-skip"));
    assert_true(mock_fault_set_add(&set, "labgraph.batch-num-skip"));
    assert_true(mock_fault_set_add(&set, "labgraph.batch-num-skip"));
    assert_int_equal(set.count, 1);
    assert_false(mock_fault_set_add(&set, "labgraph.bogus"));
    assert_int_equal(set.count, 1);
    assert_true(mock_fault_active(&set, "labgraph.batch-num-skip"));
    assert_false(mock_fault_active(&set, "labgraph.batch-num-from-zero"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_known_fault),
        cmocka_unit_test(test_unknown_fault),
        cmocka_unit_test(test_catalogue_complete_and_unique),
        cmocka_unit_test(test_fault_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Simulated Hanami clusters: mode switching and the DirectIO state machine. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hanami/hn_cluster.h"

static hn_dio_msg msg(const char *name, bool last, int process, const float *v, size_t n)
{
    return (hn_dio_msg){ name, last, process, HN_TARGET_BY_NAME, n, v, n };
}

static void modes_switch_only_between_task_and_direct(void **state)
{
    (void)state;
    hn_cluster c;
    hn_cluster_init(&c, &hn_cluster_defs[0], 1, 0);
    assert_int_equal(c.mode, HN_MODE_TASK);
    assert_int_equal(hn_cluster_set_mode(&c, HN_MODE_TASK), -1);
    assert_int_equal(hn_cluster_set_mode(&c, HN_MODE_DIRECT), 0);
    assert_int_equal(hn_cluster_set_mode(&c, HN_MODE_DIRECT), -1);
    assert_int_equal(hn_cluster_set_mode(&c, HN_MODE_TASK), 0);
    hn_mode m;
    assert_int_equal(hn_mode_parse("DIRECT", &m), 0);
    assert_int_equal(m, HN_MODE_DIRECT);
    assert_int_equal(hn_mode_parse("direct", &m), -1);
    assert_int_equal(hn_mode_parse("Task", &m), -1);
}

static void request_and_train_sequences(void **state)
{
    (void)state;
    hn_cluster c;
    hn_dio_buffers b;
    memset(&b, 0, sizeof b);
    char err[160];
    hn_cluster_init(&c, &hn_cluster_defs[1], 1, 0);
    const float x[4] = { 1, 0.5f, 0, 0.25f }, y[3] = { 1, 0, 0 };
    hn_dio_msg m = msg("test_input", false, HN_PROCESS_TRAIN, x, 4);
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ACK);
    m = msg("test_output", true, HN_PROCESS_TRAIN, y, 3);
    float before[3], after[3];
    hn_cluster_outputs(&c, &b, 0, before);
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_TRAIN_END);
    assert_int_equal(c.trained, 1);
    hn_cluster_outputs(&c, &b, 0, after);
    assert_true(after[0] > before[0]);   /* trained towards the expected 1 */
    assert_true(after[1] < before[1]);
    m = msg("test_input", true, HN_PROCESS_REQUEST, x, 4);
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_OUTPUTS);

    /* Same seed, same cluster, same inputs: same outputs. */
    hn_cluster c2;
    hn_cluster_init(&c2, &hn_cluster_defs[1], 1, 0);
    float again[3];
    hn_cluster_outputs(&c2, &b, 0, again);
    assert_memory_equal(again, before, sizeof again);
}

static void invalid_messages_are_refused_with_a_reason(void **state)
{
    (void)state;
    hn_cluster c;
    hn_dio_buffers b;
    memset(&b, 0, sizeof b);
    char err[160];
    hn_cluster_init(&c, &hn_cluster_defs[1], 1, 0);
    const float v[5] = { 0 };
    hn_dio_msg m = msg("nope", false, HN_PROCESS_TRAIN, v, 1);
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ERROR);
    assert_string_equal(err, "cluster 'wsconf_direct' has no input or output hexagon 'nope'");
    m = msg("test_input", false, HN_PROCESS_TRAIN, v, 5);
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ERROR);
    assert_string_equal(err, "hexagon 'test_input' takes at most 4 values, got 5");
    m = msg("test_input", false, 7, v, 1);
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ERROR);
    assert_string_equal(err, "unknown processType 7");
    m = msg("test_input", false, HN_PROCESS_TRAIN, v, 2);
    m.number_of_values = 9;
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ERROR);
    assert_string_equal(err, "numberOfValues is 9 but the message carries 2 values");
    m = msg("test_input", false, HN_PROCESS_TRAIN, v, 2);
    m.target = HN_TARGET_OUTPUT;
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ERROR);
    /* v0.5.0 addressing: the expected buffer of an output hexagon by targetBufferType. */
    m = msg("test_output", false, HN_PROCESS_TRAIN, v, 3);
    m.target = HN_TARGET_EXPECTED;
    assert_int_equal(hn_dio_apply(&c, &b, &m, err, sizeof err), HN_DIO_ACK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(modes_switch_only_between_task_and_direct),
        cmocka_unit_test(request_and_train_sequences),
        cmocka_unit_test(invalid_messages_are_refused_with_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

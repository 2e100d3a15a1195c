#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libwebsockets.h>

#include "session_outbox.h"

static void test_fifo_and_accounting(void **state)
{
    (void)state;
    wsrv_outbox ob = { 0 };
    assert_null(wsrv_outbox_peek(&ob));
    assert_true(wsrv_outbox_push(&ob, "one", 3, false));
    assert_true(wsrv_outbox_push(&ob, "three", 5, true));
    assert_int_equal(ob.count, 2);
    assert_int_equal(ob.bytes, 8);
    wsrv_outbox_msg *m = wsrv_outbox_peek(&ob);
    assert_int_equal(m->len, 3);
    assert_false(m->binary);
    assert_memory_equal(wsrv_outbox_payload(m), "one", 3);
    /* lws_write needs LWS_PRE writable bytes before the payload. */
    assert_ptr_equal(wsrv_outbox_payload(m), m->buf + LWS_PRE);
    wsrv_outbox_pop(&ob);
    m = wsrv_outbox_peek(&ob);
    assert_true(m->binary);
    assert_memory_equal(wsrv_outbox_payload(m), "three", 5);
    assert_int_equal(ob.bytes, 5);
    wsrv_outbox_pop(&ob);
    assert_null(wsrv_outbox_peek(&ob));
    assert_null(ob.tail);
    assert_int_equal(ob.count, 0);
    wsrv_outbox_pop(&ob); /* harmless when empty */
}

static void test_clear(void **state)
{
    (void)state;
    wsrv_outbox ob = { 0 };
    for (int i = 0; i < 100; i++)
        assert_true(wsrv_outbox_push(&ob, "x", 1, false));
    assert_true(wsrv_outbox_push(&ob, "", 0, false));
    assert_int_equal(ob.count, 101);
    wsrv_outbox_clear(&ob);
    assert_int_equal(ob.count, 0);
    assert_int_equal(ob.bytes, 0);
    assert_null(ob.head);
}

static void test_fragments_and_control(void **state)
{
    (void)state;
    wsrv_outbox ob = { 0 };
    assert_true(wsrv_outbox_push(&ob, "a", 1, false));
    const char *parts[] = { "he", "ll", "o" };
    const size_t lens[] = { 2, 2, 1 };
    assert_true(wsrv_outbox_push_fragments(&ob, parts, lens, 3, true));
    assert_true(wsrv_outbox_push_control(&ob, "p", 1, LWS_WRITE_PING));
    /* One message, one fragmented message, one ping. */
    assert_int_equal(ob.count, 3);
    assert_int_equal(ob.bytes, 7);
    const int modes[] = { LWS_WRITE_TEXT, LWS_WRITE_BINARY | LWS_WRITE_NO_FIN,
                          LWS_WRITE_CONTINUATION | LWS_WRITE_NO_FIN, LWS_WRITE_CONTINUATION, LWS_WRITE_PING };
    const size_t counts_after[] = { 2, 2, 2, 1, 0 };
    for (size_t i = 0; i < 5; i++) {
        wsrv_outbox_msg *m = wsrv_outbox_peek(&ob);
        assert_non_null(m);
        assert_int_equal(m->write_mode, modes[i]);
        wsrv_outbox_pop(&ob);
        assert_int_equal(ob.count, counts_after[i]);
    }
    assert_null(wsrv_outbox_peek(&ob));
    assert_false(wsrv_outbox_push_fragments(&ob, parts, lens, 0, false));
    assert_int_equal(ob.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_and_accounting),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_fragments_and_control),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The Kinode processes as state machines: the events in, the actions out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kinode/kn_faults.h"
#include "kinode/kn_process.h"

static kn_actions acts;

static int teardown(void **s)
{
    (void)s;
    kn_actions_free(&acts);
    return 0;
}

static void assert_push(size_t i, uint32_t ch, kn_ws_type type, const char *blob)
{
    assert_true(i < acts.n);
    assert_int_equal(acts.v[i].kind, KN_ACT_PUSH);
    assert_int_equal(acts.v[i].channel_id, ch);
    assert_string_equal(kn_ws_type_name(acts.v[i].type), kn_ws_type_name(type));
    assert_int_equal(acts.v[i].len, strlen(blob));
    assert_memory_equal(acts.v[i].blob, blob, strlen(blob));
}

static void push(const kn_process_class *k, void *p, uint32_t ch, kn_ws_type t, const char *s)
{
    kn_actions_clear(&acts);
    k->on_push(p, ch, t, s, strlen(s), &acts);
}

static void test_type_names(void **s)
{
    (void)s;
    kn_ws_type t;
    assert_true(kn_ws_type_parse("Binary", &t));
    assert_int_equal(t, KN_WS_BINARY);
    assert_string_equal(kn_ws_type_name(KN_WS_CLOSE), "Close");
    assert_false(kn_ws_type_parse("text", &t));
    assert_int_equal(kn_process_class_count, 3);
}

static void test_ws_server_acks_open(void **s)
{
    (void)s;
    const kn_process_class *k = &kn_ws_server_process;
    assert_string_equal(k->id, "ws-server:ws-server:template.os");
    assert_false(k->bindings[0].authenticated);
    void *p = k->create("fake.dev", NULL);
    kn_actions_clear(&acts);
    k->on_open(p, "/", 77, &acts);
    assert_int_equal(acts.n, 1);
    assert_push(0, 77, KN_WS_TEXT, "\"ack client connection\"");
    push(k, p, 77, KN_WS_TEXT, "Hello from client");
    assert_int_equal(acts.n, 0);
    k->destroy(p);

    bool faults[MOCK_KN_FAULT_COUNT] = { 0 };
    faults[MOCK_KN_WS_SERVER_ACK_BINARY] = true;
    p = k->create("fake.dev", faults);
    kn_actions_clear(&acts);
    k->on_open(p, "/", 1, &acts);
    assert_push(0, 1, KN_WS_BINARY, "\"ack client connection\"");
    k->destroy(p);
}

static void test_echo_echoes_and_commands(void **s)
{
    (void)s;
    const kn_process_class *k = &kn_echo_process;
    void *p = k->create("fake.dev", NULL);
    kn_actions_clear(&acts);
    k->on_open(p, "/public", 5, &acts);
    assert_int_equal(acts.n, 0); /* silent on open */
    push(k, p, 5, KN_WS_TEXT, "hello");
    assert_push(0, 5, KN_WS_TEXT, "hello");
    push(k, p, 5, KN_WS_BINARY, "\x01\x02");
    assert_push(0, 5, KN_WS_BINARY, "\x01\x02");
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"info\"}");
    assert_push(0, 5, KN_WS_TEXT, "{\"channel_id\":5,\"path\":\"/public\"}");
    push(k, p, 5, KN_WS_PING, "pp");
    assert_int_equal(acts.n, 0);
    k->on_error(p, 5, "WsPingPongTooLong");
    push(k, p, 5, KN_WS_BINARY, "{\"cmd\":\"events\"}");
    assert_push(0, 5, KN_WS_TEXT,
                "{\"events\":[{\"WebSocketOpen\":{\"path\":\"/public\",\"channel_id\":5}},"
                "{\"WebSocketPush\":{\"channel_id\":5,\"message_type\":\"Text\"},\"blob_len\":5,\"blob_hex\":\"68656c6c6f\"},"
                "{\"WebSocketPush\":{\"channel_id\":5,\"message_type\":\"Binary\"},\"blob_len\":2,\"blob_hex\":\"0102\"},"
                "{\"WebSocketPush\":{\"channel_id\":5,\"message_type\":\"Text\"},\"blob_len\":14,"
                "\"blob_hex\":\"7b22636d64223a22696e666f227d\"},"
                "{\"WebSocketPush\":{\"channel_id\":5,\"message_type\":\"Ping\"},\"blob_len\":2,\"blob_hex\":\"7070\"},"
                "{\"Err\":\"WsPingPongTooLong\"},"
                "{\"WebSocketPush\":{\"channel_id\":5,\"message_type\":\"Binary\"},\"blob_len\":16,"
                "\"blob_hex\":\"7b22636d64223a226576656e7473227d\"}]}");
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"push\",\"type\":\"Text\",\"hex\":\"41ff42\"}");
    assert_push(0, 5, KN_WS_TEXT, "A\xff" "B");
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"push\",\"type\":\"Binary\",\"hex\":\"00\",\"channel_id\":9}");
    assert_int_equal(acts.v[0].channel_id, 9);
    assert_int_equal(acts.v[0].len, 1);
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"push\",\"type\":\"Nope\",\"hex\":\"00\"}");
    assert_push(0, 5, KN_WS_TEXT, "{\"error\":\"push needs type (Text|Binary|Ping|Pong|Close) and hex\"}");
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"push\",\"type\":\"Text\",\"hex\":\"zz\"}");
    assert_int_equal(acts.n, 1);
    assert_int_equal(acts.v[0].blob[2], 'e'); /* the error reply */
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"ping\",\"data\":\"abc\"}");
    assert_push(0, 5, KN_WS_PING, "abc");
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"close\"}");
    assert_int_equal(acts.n, 1);
    assert_int_equal(acts.v[0].kind, KN_ACT_CLOSE);
    assert_int_equal(acts.v[0].channel_id, 5);
    /* unknown commands and non-objects are echoed as data */
    push(k, p, 5, KN_WS_TEXT, "{\"cmd\":\"dance\"}");
    assert_push(0, 5, KN_WS_TEXT, "{\"cmd\":\"dance\"}");
    push(k, p, 5, KN_WS_TEXT, "[1]");
    assert_push(0, 5, KN_WS_TEXT, "[1]");
    kn_actions_clear(&acts);
    k->on_close(p, 5, &acts);
    /* a closed channel is forgotten: its pushes are ignored */
    push(k, p, 5, KN_WS_TEXT, "hello");
    assert_int_equal(acts.n, 0);
    k->destroy(p);
}

static void test_echo_log_is_bounded(void **s)
{
    (void)s;
    const kn_process_class *k = &kn_echo_process;
    void *p = k->create("fake.dev", NULL);
    for (uint32_t ch = 1; ch <= 20; ch++)
        k->on_open(p, "/", ch, &acts);
    for (int i = 0; i < 200; i++)
        push(k, p, 7, KN_WS_BINARY, "x");
    push(k, p, 7, KN_WS_TEXT, "{\"cmd\":\"events\"}");
    /* 64 entries: the oldest dropped, so no WebSocketOpen any more */
    assert_null(strstr(acts.v[0].blob, "WebSocketOpen"));
    size_t entries = 0;
    for (const char *q = acts.v[0].blob; (q = strstr(q, "blob_len")); q++)
        entries++;
    assert_int_equal(entries, 64);
    for (uint32_t ch = 1; ch <= 20; ch++)
        k->on_close(p, ch, &acts);
    k->destroy(p);
}

static void test_chat_latest_channel(void **s)
{
    (void)s;
    const kn_process_class *k = &kn_chat_process;
    assert_string_equal(k->http_path, "/messages");
    void *p = k->create("fake.dev", NULL);
    kn_actions_clear(&acts);
    k->on_open(p, "/", 1, &acts);
    k->on_open(p, "/", 2, &acts);
    assert_int_equal(acts.n, 0);
    push(k, p, 1, KN_WS_BINARY, "{\"Send\":{\"target\":\"fake.dev\",\"message\":\"hi\"}}");
    assert_int_equal(acts.n, 1);
    assert_push(0, 2, KN_WS_TEXT, "{\"NewMessage\":{\"chat\":\"fake.dev\",\"author\":\"fake.dev\",\"content\":\"hi\"}}");
    push(k, p, 1, KN_WS_TEXT, "\"History\"");
    assert_int_equal(acts.n, 0);
    kn_http_reply r = { 0 };
    k->http(p, "GET", NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"History\":{\"messages\":{\"fake.dev\":[{\"author\":\"fake.dev\",\"content\":\"hi\"}]}}}");
    free(r.body);
    kn_http_reply post = { 0 };
    k->http(p, "POST", "x", 1, &post);
    assert_int_equal(post.status, 405);
    /* the latest channel closed: nothing to push to */
    k->on_close(p, 2, &acts);
    push(k, p, 1, KN_WS_TEXT, "{\"Send\":{\"target\":\"fake.dev\",\"message\":\"again\"}}");
    assert_int_equal(acts.n, 0);
    k->destroy(p);

    bool faults[MOCK_KN_FAULT_COUNT] = { 0 };
    faults[MOCK_KN_CHAT_FIRST_CHANNEL] = true;
    faults[MOCK_KN_CHAT_HISTORY_EMPTY] = true;
    p = k->create("fake.dev", faults);
    k->on_open(p, "/", 1, &acts);
    k->on_open(p, "/", 2, &acts);
    push(k, p, 2, KN_WS_TEXT, "{\"Send\":{\"target\":\"fake.dev\",\"message\":\"hi\"}}");
    assert_int_equal(acts.v[0].channel_id, 1);
    kn_http_reply empty = { 0 };
    k->http(p, "GET", NULL, 0, &empty);
    assert_string_equal(empty.body, "{\"History\":{\"messages\":{}}}");
    free(empty.body);
    k->destroy(p);
}

static void test_fault_table(void **s)
{
    (void)s;
    for (int i = 0; i < MOCK_KN_FAULT_COUNT; i++) {
        assert_non_null(mock_kn_faults[i].name);
        assert_memory_equal(mock_kn_faults[i].name, "kinode.", 7);
        assert_memory_equal(mock_kn_faults[i].breaks, "kinode.", 7);
        assert_string_equal(mock_kn_faults[i].api, "kinode");
    }
    mock_fault_set set = { .active = { &mock_kn_faults[MOCK_KN_CHANNEL_ID_REUSED] }, .count = 1 };
    bool flags[MOCK_KN_FAULT_COUNT];
    mock_kn_fault_flags(&set, flags);
    for (int i = 0; i < MOCK_KN_FAULT_COUNT; i++)
        assert_int_equal(flags[i], i == MOCK_KN_CHANNEL_ID_REUSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_type_names, teardown),
        cmocka_unit_test_teardown(test_ws_server_acks_open, teardown),
        cmocka_unit_test_teardown(test_echo_echoes_and_commands, teardown),
        cmocka_unit_test_teardown(test_echo_log_is_bounded, teardown),
        cmocka_unit_test_teardown(test_chat_latest_channel, teardown),
        cmocka_unit_test_teardown(test_fault_table, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* LabGraph sessions against a fake core: requests, errors, pacing, routes,
 * backpressure and every fault's observable effect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_core.h"
#include "labgraph/lg_session.h"
#include "rng.h"

typedef struct fixture {
    lg_state st;
    wsrv_conn conn[3];
    lg_session sess[3];
} fixture;

static fixture fx;

/* Fresh state with the default config and the given faults (NULL-terminated). */
static void setup_with(const char *const *faults)
{
    mock_fault_set set = { 0 };
    for (; faults && *faults; faults++)
        assert_true(mock_fault_set_add(&set, *faults));
    mock_lg_config cfg;
    char err[256];
    assert_int_equal(mock_lg_config_default(&cfg, err, sizeof err), 0);
    assert_int_equal(lg_state_init(&fx.st, &cfg, 1, &set, NULL), 0);
    for (int i = 0; i < 3; i++) {
        memset(&fx.conn[i], 0, sizeof fx.conn[i]);
        lg_session_open(&fx.st, &fx.sess[i], &fx.conn[i]);
    }
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        lg_session_close(&fx.sess[i]);
        fake_conn_reset(&fx.conn[i]);
    }
    lg_state_free(&fx.st);
    assert_int_equal(fake_armed_timers(), 0);
    return 0;
}

static void send_text(int who, const char *text)
{
    lg_session_message(&fx.sess[who], text, strlen(text), false);
}

static void start(int who, const char *rid, const char *sid, const char *name)
{
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":%s,\"start_stream_request\":"
             "{\"stream_id\":\"%s\",\"%s\":{},\"app_id\":\"t\"}}}", rid, sid, name);
    send_text(who, buf);
}

static void end(int who, const char *rid, const char *sid)
{
    char buf[512];
    snprintf(buf, sizeof buf,
             "{\"api_version\":0.1,\"api_request\":{\"request_id\":%s,\"end_stream_request\":{\"stream_id\":\"%s\"}}}",
             rid, sid);
    send_text(who, buf);
}

static const char *last(int who)
{
    assert_true(fx.conn[who].nsent > 0);
    return fx.conn[who].sent[fx.conn[who].nsent - 1];
}

/* batch_num of every StreamBatch of stream_id (body key name) sent to who; returns the count. */
static size_t batch_nums(int who, const char *sid, const char *name, long long *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < fx.conn[who].nsent; i++) {
        cJSON *m = cJSON_Parse(fx.conn[who].sent[i]);
        cJSON *sb = cJSON_GetObjectItem(m, "stream_batch");
        if (sb && strcmp(cJSON_GetObjectItem(sb, "stream_id")->valuestring, sid) == 0 && n < max)
            out[n++] = (long long)cJSON_GetObjectItem(cJSON_GetObjectItem(sb, name), "batch_num")->valuedouble;
        cJSON_Delete(m);
    }
    return n;
}

static void advance_ms(uint64_t ms)
{
    fake_advance_to(fake_now_us + ms * 1000);
}

/* --- behaviour --- */

static void test_silent_on_open(void **state)
{
    (void)state;
    setup_with(NULL);
    assert_int_equal(fx.conn[0].nsent, 0);
    advance_ms(100);
    assert_int_equal(fx.conn[0].nsent, 0);
}

static void test_start_then_paced_batches(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "7", "s1", "device.stream1");
    assert_int_equal(fx.conn[0].nsent, 1);
    assert_string_equal(last(0),
                        "{\"api_version\":0.1,\"api_event\":{\"request_id\":7,\"start_stream_event\":{\"stream_id\":\"s1\"}}}");
    advance_ms(0);
    assert_int_equal(fx.conn[0].nsent, 2);
    cJSON *b = cJSON_Parse(last(0));
    assert_true(cJSON_GetObjectItem(b, "api_version")->valuedouble == 0.1);
    cJSON *sb = cJSON_GetObjectItem(b, "stream_batch");
    assert_string_equal(cJSON_GetObjectItem(sb, "stream_id")->valuestring, "s1");
    cJSON *body = cJSON_GetObjectItem(sb, "device.stream1");
    assert_int_equal((int)cJSON_GetObjectItem(body, "batch_num")->valuedouble, 1);
    cJSON *samples = cJSON_GetObjectItem(body, "samples");
    assert_int_equal(cJSON_GetArraySize(samples), 1);
    cJSON *s0 = cJSON_GetArrayItem(samples, 0);
    cJSON *data = cJSON_GetObjectItem(s0, "data");
    assert_int_equal(cJSON_GetArraySize(data), 16);
    assert_true(cJSON_GetArrayItem(data, 0)->valuedouble == 0.306576);
    assert_true(cJSON_GetArrayItem(data, 15)->valuedouble == mock_rng_lg_value(1, "device.stream1", 1, 0, 15));
    assert_true(cJSON_GetObjectItem(s0, "produced_timestamp_s")->valuedouble == fake_wall_s);
    assert_true(cJSON_GetObjectItem(s0, "timestamp_s")->valuedouble == fake_wall_s);
    cJSON_Delete(b);
    /* 100 Hz: ten more batches in the next 100 ms, numbered 2..11. */
    advance_ms(100);
    long long nums[64];
    size_t n = batch_nums(0, "s1", "device.stream1", nums, 64);
    assert_int_equal(n, 11);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nums[i], (long long)i + 1);
}

static void test_stream2_batches_of_four_floats(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "1", "b", "device.stream2");
    advance_ms(20); /* 50 Hz: batches at 0 and 20 ms */
    assert_int_equal(fx.conn[0].nsent, 3);
    cJSON *m = cJSON_Parse(last(0));
    cJSON *body = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "stream_batch"), "device.stream2");
    assert_int_equal((int)cJSON_GetObjectItem(body, "batch_num")->valuedouble, 2);
    cJSON *samples = cJSON_GetObjectItem(body, "samples");
    assert_int_equal(cJSON_GetArraySize(samples), 4);
    assert_true(cJSON_GetObjectItem(cJSON_GetArrayItem(samples, 3), "data")->valuedouble == 0.68299);
    cJSON_Delete(m);
}

static void test_error_codes_and_request_ids(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "3", "x", "no.such.stream");
    assert_non_null(strstr(last(0), "{\"api_version\":0.1,\"api_event\":{\"request_id\":3,\"error_event\":"
                                    "{\"error_code\":\"NonExistentStream\",\"desc\":\""));
    assert_non_null(strstr(last(0), "no.such.stream"));
    start(0, "4", "s", "device.stream1");
    start(0, "\"five\"", "s", "device.stream2");
    assert_non_null(strstr(last(0), "\"request_id\":\"five\",\"error_event\":{\"error_code\":\"StreamIDAlreadyExists\""));
    start(0, "6", "m", "model.untrained");
    assert_non_null(strstr(last(0), "\"request_id\":6,\"error_event\":{\"error_code\":\"NotTrained\""));
    start(1, "1", "in", "app.input1");
    start(0, "8", "in", "app.input1");
    assert_non_null(strstr(last(0), "\"request_id\":8,\"error_event\":{\"error_code\":\"StreamAlreadyRequested\""));
    end(0, "9", "nope");
    assert_non_null(strstr(last(0), "\"request_id\":9,\"error_event\":{\"error_code\":\"StreamIDNotFound\""));
    assert_non_null(strstr(last(0), "nope"));
    send_text(0, "{ not json");
    assert_non_null(strstr(last(0), "{\"api_version\":0.1,\"api_event\":{\"error_event\":{\"error_code\":\"InvalidMessageFormat\""));
    lg_session_message(&fx.sess[0], "\x01\x02", 2, true);
    assert_non_null(strstr(last(0), "\"error_code\":\"InvalidMessageFormat\",\"desc\":\"binary frames are not supported"));
    send_text(0, "{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":10,\"bogus\":{}}}");
    assert_non_null(strstr(last(0), "{\"api_version\":0.1,\"api_event\":{\"error_event\":{\"error_code\":\"MessageNotSupported\""));
    /* Input batch on a stream_id that is not an input stream of this session. */
    send_text(0, "{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"s\",\"device.stream1\":{\"samples\":[],\"batch_num\":1}}}");
    assert_non_null(strstr(last(0), "\"error_code\":\"MessageNotSupported\""));
    /* Errors never close; the stream started before keeps going. */
    assert_int_equal(fx.conn[0].close_code, 0);
    advance_ms(30);
    long long nums[16];
    assert_int_equal(batch_nums(0, "s", "device.stream1", nums, 16), 4);
}

static void test_numeric_and_string_api_version_accepted(void **state)
{
    (void)state;
    setup_with(NULL);
    send_text(0, "{\"api_version\":0.1,\"api_request\":{\"request_id\":1,\"start_stream_request\":"
                 "{\"stream_id\":\"a\",\"device.stream1\":{}}}}");
    assert_non_null(strstr(last(0), "start_stream_event"));
    send_text(0, "{\"api_version\":\"9.9\",\"api_request\":{\"request_id\":2,\"start_stream_request\":"
                 "{\"stream_id\":\"b\",\"device.stream1\":{}}}}");
    assert_non_null(strstr(last(0), "start_stream_event"));
}

static void test_end_stops_batches(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "7", "s1", "device.stream1");
    advance_ms(25);
    end(0, "8", "s1");
    assert_string_equal(last(0),
                        "{\"api_version\":0.1,\"api_event\":{\"request_id\":8,\"end_stream_event\":{\"stream_id\":\"s1\"}}}");
    size_t before = fx.conn[0].nsent;
    advance_ms(200);
    assert_int_equal(fx.conn[0].nsent, before);
    assert_int_equal(fake_armed_timers(), 0);
    /* The stream_id can be used again and starts from batch 1. */
    start(0, "9", "s1", "device.stream1");
    advance_ms(0);
    assert_non_null(strstr(last(0), "\"batch_num\":1}"));
}

static void test_input_route_and_release(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "1", "out", "app.echo");
    start(2, "1", "out2", "app.echo");
    start(1, "2", "in", "app.input1");
    size_t sender_before = fx.conn[1].nsent;
    send_text(1, "{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"in\",\"app.input1\":"
                 "{\"samples\":[{\"data\":{\"n\":10,\"tag\":\"wsconf\"},\"produced_timestamp_s\":1700000000.25,"
                 "\"timestamp_s\":1700000000.5}],\"batch_num\":1}}}");
    assert_int_equal(fx.conn[1].nsent, sender_before); /* accepted silently */
    assert_string_equal(last(0),
                        "{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"out\",\"app.echo\":{\"samples\":"
                        "[{\"data\":{\"n\":10,\"tag\":\"wsconf\"},\"produced_timestamp_s\":1700000000.25,"
                        "\"timestamp_s\":1700000000.5}],\"batch_num\":1}}}");
    assert_non_null(strstr(last(2), "\"stream_id\":\"out2\""));
    send_text(1, "{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"in\",\"app.input1\":"
                 "{\"samples\":[],\"batch_num\":2}}}");
    assert_non_null(strstr(last(0), "\"batch_num\":2}"));
    /* Route-only output generates nothing by itself. */
    size_t n0 = fx.conn[0].nsent;
    advance_ms(500);
    assert_int_equal(fx.conn[0].nsent, n0);
    /* Closing the holder releases the input stream. */
    lg_session_close(&fx.sess[1]);
    lg_session_open(&fx.st, &fx.sess[1], &fx.conn[1]);
    start(2, "5", "in", "app.input1");
    assert_non_null(strstr(last(2), "start_stream_event"));
}

static void test_close_resets_numbering(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "1", "s1", "device.stream1");
    advance_ms(50);
    lg_session_close(&fx.sess[0]);
    fake_conn_reset(&fx.conn[0]);
    assert_int_equal(fake_armed_timers(), 0);
    lg_session_open(&fx.st, &fx.sess[0], &fx.conn[0]);
    start(0, "1", "s1", "device.stream1");
    advance_ms(0);
    assert_non_null(strstr(last(0), "\"batch_num\":1}"));
}

static void test_backpressure_pauses_without_gaps(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "1", "s1", "device.stream1");
    advance_ms(10000); /* nobody drains: 1000 batches would be due */
    size_t queued = fx.conn[0].nsent;
    assert_true(queued <= LG_BACKLOG_MESSAGES + 2);
    assert_true(queued > LG_BACKLOG_MESSAGES);
    assert_int_equal(fake_armed_timers(), 0);
    fake_conn_drain(&fx.conn[0]);
    lg_session_writable(&fx.sess[0]);
    advance_ms(100);
    long long nums[FAKE_MAX_SENT];
    size_t n = batch_nums(0, "s1", "device.stream1", nums, FAKE_MAX_SENT);
    assert_true(n > queued);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nums[i], (long long)i + 1);
}

static void test_rate_zero_fills_on_writable(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "1", "f", "bench.fast");
    assert_int_equal(fx.conn[0].nsent, LG_FAST_FILL);
    assert_non_null(strstr(fx.conn[0].sent[0], "start_stream_event"));
    fake_conn_drain(&fx.conn[0]);
    lg_session_writable(&fx.sess[0]);
    assert_int_equal(fx.conn[0].nsent, 2 * LG_FAST_FILL);
    long long nums[128];
    size_t n = batch_nums(0, "f", "bench.fast", nums, 128);
    assert_int_equal(n, 2 * LG_FAST_FILL - 1);
    assert_int_equal(nums[n - 1], (long long)n);
}

static void test_two_sessions_same_output_independent(void **state)
{
    (void)state;
    setup_with(NULL);
    start(0, "1", "one", "device.stream1");
    advance_ms(30);
    start(1, "1", "two", "device.stream1");
    advance_ms(0);
    assert_non_null(strstr(last(1), "\"batch_num\":1}"));
    assert_non_null(strstr(last(0), "\"batch_num\":4}"));
}

static void test_echoes_verbatim(void **state)
{
    (void)state;
    setup_with(NULL);
    char sid[401];
    memset(sid, 'k', 400);
    sid[400] = '\0';
    start(0, "{\"a\":[1,\"b\"]}", sid, "device.stream1");
    char want[600];
    snprintf(want, sizeof want,
             "{\"api_version\":0.1,\"api_event\":{\"request_id\":{\"a\":[1,\"b\"]},\"start_stream_event\":"
             "{\"stream_id\":\"%s\"}}}", sid);
    assert_string_equal(last(0), want);
    start(0, "0.30000000000000004", "t", "device.stream1");
    assert_non_null(strstr(last(0), "\"request_id\":0.30000000000000004,"));
}

/* --- faults --- */

#define FAULTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_fault_numbering(void **state)
{
    (void)state;
    long long nums[16];
    setup_with(FAULTS("labgraph.batch-num-skip"));
    start(0, "1", "s", "device.stream1");
    advance_ms(30);
    assert_int_equal(batch_nums(0, "s", "device.stream1", nums, 16), 4);
    assert_int_equal(nums[0], 1);
    assert_int_equal(nums[1], 2);
    assert_int_equal(nums[2], 4);
    assert_int_equal(nums[3], 5);
    teardown(NULL);
    setup_with(FAULTS("labgraph.batch-num-from-zero"));
    start(0, "1", "s", "device.stream1");
    advance_ms(10);
    assert_int_equal(batch_nums(0, "s", "device.stream1", nums, 16), 2);
    assert_int_equal(nums[0], 0);
    assert_int_equal(nums[1], 1);
    teardown(NULL);
    setup_with(FAULTS("labgraph.shared-batch-counter"));
    start(0, "1", "a", "device.stream1");
    start(0, "2", "b", "device.stream2");
    advance_ms(0);
    long long a[4], b[4];
    assert_int_equal(batch_nums(0, "a", "device.stream1", a, 4), 1);
    assert_int_equal(batch_nums(0, "b", "device.stream2", b, 4), 1);
    assert_int_equal(a[0] + b[0], 3); /* 1 and 2, whichever timer ran first */
}

static void test_fault_event_shapes(void **state)
{
    (void)state;
    setup_with(FAULTS("labgraph.start-request-id-off-by-one", "labgraph.start-wrong-stream-id",
                      "labgraph.event-api-version-string"));
    start(0, "7", "s1", "device.stream1");
    assert_string_equal(last(0), "{\"api_version\":\"0.1\",\"api_event\":{\"request_id\":8,\"start_stream_event\":"
                                 "{\"stream_id\":\"s1-x\"}}}");
    start(0, "\"r\"", "s2", "device.stream1"); /* non-integer ids are echoed unchanged */
    assert_non_null(strstr(last(0), "\"request_id\":\"r\""));
    teardown(NULL);
    setup_with(FAULTS("labgraph.end-echoes-start-request-id"));
    start(0, "7", "s1", "device.stream1");
    end(0, "8", "s1");
    assert_string_equal(last(0),
                        "{\"api_version\":0.1,\"api_event\":{\"request_id\":7,\"end_stream_event\":{\"stream_id\":\"s1\"}}}");
    teardown(NULL);
    setup_with(FAULTS("labgraph.end-no-event"));
    start(0, "7", "s1", "device.stream1");
    size_t n = fx.conn[0].nsent;
    end(0, "8", "s1");
    assert_int_equal(fx.conn[0].nsent, n);
    assert_int_equal(fake_armed_timers(), 0);
    teardown(NULL);
    setup_with(FAULTS("labgraph.batch-after-end"));
    start(0, "7", "s1", "device.stream1");
    end(0, "8", "s1");
    assert_non_null(strstr(fx.conn[0].sent[fx.conn[0].nsent - 2], "end_stream_event"));
    assert_non_null(strstr(last(0), "\"stream_batch\":{\"stream_id\":\"s1\""));
    teardown(NULL);
    setup_with(FAULTS("labgraph.greeting-on-open"));
    assert_string_equal(last(0), "{\"api_version\":0.1,\"hello\":\"wsconf\"}");
}

static void test_fault_batch_shapes(void **state)
{
    (void)state;
    setup_with(FAULTS("labgraph.batch-before-start-event"));
    start(0, "1", "s", "device.stream1");
    assert_int_equal(fx.conn[0].nsent, 2);
    assert_non_null(strstr(fx.conn[0].sent[0], "\"batch_num\":1}"));
    assert_non_null(strstr(fx.conn[0].sent[1], "start_stream_event"));
    advance_ms(10);
    assert_non_null(strstr(last(0), "\"batch_num\":2}"));
    teardown(NULL);
    setup_with(FAULTS("labgraph.samples-not-array", "labgraph.batch-producer-stream-id",
                      "labgraph.sample-fields-missing", "labgraph.batch-no-api-version"));
    start(0, "1", "s", "device.stream2");
    advance_ms(0);
    const char *b = last(0);
    static const char prefix[] =
        "{\"stream_batch\":{\"stream_id\":\"DEVICE.STREAM2\",\"device.stream2\":{\"samples\":{\"0\":{\"data\":";
    if (strncmp(b, prefix, strlen(prefix)) != 0)
        fail_msg("batch %s", b);
    assert_null(strstr(b, "produced_timestamp_s"));
    assert_non_null(strstr(b, "\"3\":{\"data\":"));
}

static void test_fault_errors(void **state)
{
    (void)state;
    setup_with(FAULTS("labgraph.wrong-code-non-existent-stream", "labgraph.error-request-id-dropped"));
    start(0, "3", "x", "no.such.stream");
    assert_non_null(strstr(last(0), "{\"api_version\":0.1,\"api_event\":{\"error_event\":{\"error_code\":\"InternalError\""));
    start(0, "4", "m", "model.untrained"); /* other codes unchanged, request_id still dropped */
    assert_non_null(strstr(last(0), ",\"api_event\":{\"error_event\":{\"error_code\":\"NotTrained\""));
    teardown(NULL);
    setup_with(FAULTS("labgraph.error-closes-session"));
    end(0, "1", "nope");
    assert_int_equal(fx.conn[0].close_code, 1011);
    teardown(NULL);
    setup_with(FAULTS("labgraph.reject-numeric-api-version"));
    send_text(0, "{\"api_version\":0.1,\"api_request\":{\"request_id\":1,\"start_stream_request\":"
                 "{\"stream_id\":\"a\",\"device.stream1\":{}}}}");
    assert_non_null(strstr(last(0), "\"error_code\":\"MessageNotSupported\""));
    start(0, "2", "a", "device.stream1");
    assert_non_null(strstr(last(0), "start_stream_event"));
}

static void test_fault_sessions(void **state)
{
    (void)state;
    setup_with(FAULTS("labgraph.output-exclusive"));
    start(0, "1", "a", "device.stream1");
    start(1, "2", "b", "device.stream1");
    assert_non_null(strstr(last(1), "\"request_id\":2,\"error_event\":{\"error_code\":\"StreamAlreadyRequested\""));
    teardown(NULL);
    setup_with(FAULTS("labgraph.bad-input-stops-others"));
    start(0, "1", "a", "device.stream1");
    send_text(1, "{ nope");
    size_t n = fx.conn[0].nsent;
    advance_ms(100);
    assert_int_equal(fx.conn[0].nsent, n);
    teardown(NULL);
    setup_with(FAULTS("labgraph.close-keeps-streams"));
    start(0, "1", "s", "device.stream1");
    start(0, "2", "in", "app.input2");
    advance_ms(20); /* batches 1..3 */
    lg_session_close(&fx.sess[0]);
    fake_conn_reset(&fx.conn[0]);
    lg_session_open(&fx.st, &fx.sess[0], &fx.conn[0]);
    start(0, "1", "s", "device.stream1");
    advance_ms(0);
    assert_non_null(strstr(last(0), "\"batch_num\":4}"));
    start(0, "2", "in", "app.input2");
    assert_non_null(strstr(last(0), "\"error_code\":\"StreamAlreadyRequested\""));
}

static void test_fault_inputs(void **state)
{
    (void)state;
    static const char batch[] = "{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"in\",\"app.input1\":"
                                "{\"samples\":[{\"data\":1}],\"batch_num\":1}}}";
    setup_with(FAULTS("labgraph.input-rejected"));
    start(0, "1", "out", "app.echo");
    start(0, "2", "in", "app.input1");
    send_text(0, batch);
    assert_non_null(strstr(last(0), "{\"api_version\":0.1,\"api_event\":{\"error_event\":{\"error_code\":\"MessageNotSupported\""));
    teardown(NULL);
    setup_with(FAULTS("labgraph.input-not-routed"));
    start(0, "1", "out", "app.echo");
    start(0, "2", "in", "app.input1");
    {
        size_t n = fx.conn[0].nsent;
        send_text(0, batch);
        assert_int_equal(fx.conn[0].nsent, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_silent_on_open, teardown),
        cmocka_unit_test_teardown(test_start_then_paced_batches, teardown),
        cmocka_unit_test_teardown(test_stream2_batches_of_four_floats, teardown),
        cmocka_unit_test_teardown(test_error_codes_and_request_ids, teardown),
        cmocka_unit_test_teardown(test_numeric_and_string_api_version_accepted, teardown),
        cmocka_unit_test_teardown(test_end_stops_batches, teardown),
        cmocka_unit_test_teardown(test_input_route_and_release, teardown),
        cmocka_unit_test_teardown(test_close_resets_numbering, teardown),
        cmocka_unit_test_teardown(test_backpressure_pauses_without_gaps, teardown),
        cmocka_unit_test_teardown(test_rate_zero_fills_on_writable, teardown),
        cmocka_unit_test_teardown(test_two_sessions_same_output_independent, teardown),
        cmocka_unit_test_teardown(test_echoes_verbatim, teardown),
        cmocka_unit_test_teardown(test_fault_numbering, teardown),
        cmocka_unit_test_teardown(test_fault_event_shapes, teardown),
        cmocka_unit_test_teardown(test_fault_batch_shapes, teardown),
        cmocka_unit_test_teardown(test_fault_errors, teardown),
        cmocka_unit_test_teardown(test_fault_sessions, teardown),
        cmocka_unit_test_teardown(test_fault_inputs, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

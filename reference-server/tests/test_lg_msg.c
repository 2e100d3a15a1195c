/* LabGraph message parsing and building: every error path gives the exact code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "labgraph/lg_msg.h"

static lg_in parse(const char *text)
{
    lg_in in;
    lg_msg_parse(text, strlen(text), false, &in);
    return in;
}

/* text must be refused with error e and a desc containing fragment. */
static void expect_invalid(const char *text, lg_error e, const char *fragment)
{
    lg_in in = parse(text);
    assert_int_equal(in.kind, LG_IN_INVALID);
    if (in.error != e)
        fail_msg("%s: got %s, expected %s", text, lg_error_name(in.error), lg_error_name(e));
    if (!strstr(in.desc, fragment))
        fail_msg("%s: desc \"%s\" lacks \"%s\"", text, in.desc, fragment);
    lg_in_free(&in);
}

static void test_invalid_message_format(void **state)
{
    (void)state;
    expect_invalid("{ this is not json", LG_ERR_INVALID_MESSAGE_FORMAT, "not valid JSON: parse error at byte");
    expect_invalid("", LG_ERR_INVALID_MESSAGE_FORMAT, "not valid JSON");
    expect_invalid("{} trailing", LG_ERR_INVALID_MESSAGE_FORMAT, "not valid JSON");
    lg_in in;
    lg_msg_parse("{\"a\":1}", 7, true, &in);
    assert_int_equal(in.kind, LG_IN_INVALID);
    assert_int_equal(in.error, LG_ERR_INVALID_MESSAGE_FORMAT);
    assert_non_null(strstr(in.desc, "binary frames are not supported"));
    lg_in_free(&in);
    lg_msg_parse("{}\0{}", 5, false, &in);
    assert_int_equal(in.error, LG_ERR_INVALID_MESSAGE_FORMAT);
    lg_in_free(&in);
}

static void test_message_not_supported(void **state)
{
    (void)state;
    const lg_error M = LG_ERR_MESSAGE_NOT_SUPPORTED;
    expect_invalid("[1,2]", M, "must be a JSON object");
    expect_invalid("42", M, "must be a JSON object");
    expect_invalid("{\"api_request\":{\"request_id\":1,\"start_stream_request\":{\"stream_id\":\"s\",\"a.b\":{}}}}", M,
                   "no api_version");
    expect_invalid("{\"api_version\":\"0.1\"}", M, "neither api_request nor stream_batch");
    expect_invalid("{\"api_version\":\"0.1\",\"api_request\":5}", M, "api_request must be an object");
    expect_invalid("{\"api_version\":\"0.1\",\"api_request\":{\"start_stream_request\":{\"stream_id\":\"s\",\"a\":{}}}}",
                   M, "no request_id");
    expect_invalid("{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":1,\"pause_stream_request\":{}}}", M,
                   "no start_stream_request or end_stream_request");
    expect_invalid("{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":1,\"start_stream_request\":{\"a.b\":{}}}}",
                   M, "needs a string stream_id");
    expect_invalid("{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":1,\"start_stream_request\":{\"stream_id\":7,\"a\":{}}}}",
                   M, "needs a string stream_id");
    expect_invalid("{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":1,\"start_stream_request\":{\"stream_id\":\"s\",\"app_id\":\"x\"}}}",
                   M, "names no stream");
    expect_invalid("{\"api_version\":0.1,\"api_request\":{\"request_id\":1,\"end_stream_request\":{}}}", M,
                   "end_stream_request needs a string stream_id");
    expect_invalid("{\"api_version\":0.1,\"stream_batch\":[]}", M, "stream_batch must be an object");
    expect_invalid("{\"api_version\":0.1,\"stream_batch\":{\"a\":{\"samples\":[],\"batch_num\":1}}}", M,
                   "needs a string stream_id");
    expect_invalid("{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"s\"}}", M, "has no <StreamName> object");
    expect_invalid("{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"s\",\"a\":{\"samples\":{},\"batch_num\":1}}}",
                   M, "needs a samples array");
    expect_invalid("{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"s\",\"a\":{\"samples\":[]}}}", M,
                   "numeric batch_num");
}

static void test_error_request_id_rule(void **state)
{
    (void)state;
    assert_false(lg_error_has_request_id(LG_ERR_INVALID_MESSAGE_FORMAT));
    assert_false(lg_error_has_request_id(LG_ERR_MESSAGE_NOT_SUPPORTED));
    assert_true(lg_error_has_request_id(LG_ERR_STREAM_ID_NOT_FOUND));
    assert_true(lg_error_has_request_id(LG_ERR_STREAM_ID_ALREADY_EXISTS));
    assert_true(lg_error_has_request_id(LG_ERR_NOT_TRAINED));
    assert_true(lg_error_has_request_id(LG_ERR_STREAM_ALREADY_REQUESTED));
    assert_true(lg_error_has_request_id(LG_ERR_NON_EXISTENT_STREAM));
    assert_string_equal(lg_error_name(LG_ERR_STREAM_ID_NOT_FOUND), "StreamIDNotFound");
    assert_string_equal(lg_error_name(LG_ERR_STREAM_ID_ALREADY_EXISTS), "StreamIDAlreadyExists");
    assert_string_equal(lg_error_name(LG_ERR_NON_EXISTENT_STREAM), "NonExistentStream");
}

static void test_parse_start(void **state)
{
    (void)state;
    lg_in in = parse("{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":\"abc\",\"start_stream_request\":"
                     "{\"stream_id\":\"s1\",\"app_id\":\"me\",\"device.stream1\":{}}}}");
    assert_int_equal(in.kind, LG_IN_START);
    assert_string_equal(in.stream_id, "s1");
    assert_string_equal(in.stream_name, "device.stream1");
    assert_string_equal(in.request_id->valuestring, "abc");
    lg_in_free(&in);
    /* Any api_version value is accepted; the last name key wins. */
    in = parse("{\"api_version\":9,\"api_request\":{\"request_id\":1,\"start_stream_request\":"
               "{\"a\":{},\"stream_id\":\"s\",\"b\":{}}}}");
    assert_int_equal(in.kind, LG_IN_START);
    assert_string_equal(in.stream_name, "b");
    lg_in_free(&in);
}

static void test_parse_end_and_batch(void **state)
{
    (void)state;
    lg_in in = parse("{\"api_version\":0.1,\"api_request\":{\"request_id\":8,\"end_stream_request\":"
                     "{\"stream_id\":\"s1\",\"device.stream1\":{}}}}");
    assert_int_equal(in.kind, LG_IN_END);
    assert_string_equal(in.stream_id, "s1");
    assert_true(in.request_id->valuedouble == 8);
    lg_in_free(&in);
    in = parse("{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"in\",\"app.input1\":"
               "{\"samples\":[{\"data\":1}],\"batch_num\":3}}}");
    assert_int_equal(in.kind, LG_IN_BATCH);
    assert_string_equal(in.stream_id, "in");
    assert_string_equal(in.stream_name, "app.input1");
    assert_int_equal(cJSON_GetArraySize(in.samples), 1);
    lg_in_free(&in);
}

static void expect_text(char *got, const char *want)
{
    assert_non_null(got);
    assert_string_equal(got, want);
    cJSON_free(got);
}

static void test_build_events(void **state)
{
    (void)state;
    cJSON *rid = cJSON_CreateNumber(7);
    cJSON *srid = cJSON_CreateString("r-1");
    expect_text(lg_msg_start_event(rid, "s1", false),
                "{\"api_version\":0.1,\"api_event\":{\"request_id\":7,\"start_stream_event\":{\"stream_id\":\"s1\"}}}");
    expect_text(lg_msg_start_event(srid, "s1", true),
                "{\"api_version\":\"0.1\",\"api_event\":{\"request_id\":\"r-1\",\"start_stream_event\":{\"stream_id\":\"s1\"}}}");
    expect_text(lg_msg_end_event(rid, "s1", false),
                "{\"api_version\":0.1,\"api_event\":{\"request_id\":7,\"end_stream_event\":{\"stream_id\":\"s1\"}}}");
    expect_text(lg_msg_error(rid, "NotTrained", "d", false),
                "{\"api_version\":0.1,\"api_event\":{\"request_id\":7,\"error_event\":"
                "{\"error_code\":\"NotTrained\",\"desc\":\"d\"}}}");
    expect_text(lg_msg_error(NULL, "InvalidMessageFormat", "why", false),
                "{\"api_version\":0.1,\"api_event\":{\"error_event\":"
                "{\"error_code\":\"InvalidMessageFormat\",\"desc\":\"why\"}}}");
    cJSON_Delete(rid);
    cJSON_Delete(srid);
}

static void test_build_batch(void **state)
{
    (void)state;
    cJSON *samples = cJSON_CreateArray();
    cJSON_AddItemToArray(samples, lg_msg_sample(cJSON_CreateNumber(0.5), 1700000000.25, 1700000000.5, false));
    expect_text(lg_msg_batch("s1", "device.stream1", samples, 1, true, false),
                "{\"api_version\":0.1,\"stream_batch\":{\"stream_id\":\"s1\",\"device.stream1\":{\"samples\":"
                "[{\"data\":0.5,\"produced_timestamp_s\":1700000000.25,\"timestamp_s\":1700000000.5}],\"batch_num\":1}}}");
    samples = cJSON_CreateArray();
    cJSON_AddItemToArray(samples, lg_msg_sample(cJSON_CreateNumber(1), 2.5, 3, true));
    cJSON_AddItemToArray(samples, cJSON_CreateNumber(9));
    expect_text(lg_msg_batch("X", "n", samples, 12, false, true),
                "{\"stream_batch\":{\"stream_id\":\"X\",\"n\":{\"samples\":"
                "{\"0\":{\"data\":1,\"timestamp_s\":3},\"1\":9},\"batch_num\":12}}}");
}

static void test_copy_exact(void **state)
{
    (void)state;
    cJSON *in = cJSON_Parse("[{\"data\":{\"n\":0.1,\"tag\":\"w\",\"l\":[1,true,null]},\"t\":1700000000.25}]");
    cJSON *copy = lg_msg_copy_exact(in);
    char *a = cJSON_PrintUnformatted(copy);
    assert_string_equal(a, "[{\"data\":{\"n\":0.1,\"tag\":\"w\",\"l\":[1,true,null]},\"t\":1700000000.25}]");
    cJSON_free(a);
    cJSON_Delete(copy);
    cJSON_Delete(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_message_format),
        cmocka_unit_test(test_message_not_supported),
        cmocka_unit_test(test_error_request_id_rule),
        cmocka_unit_test(test_parse_start),
        cmocka_unit_test(test_parse_end_and_batch),
        cmocka_unit_test(test_build_events),
        cmocka_unit_test(test_build_batch),
        cmocka_unit_test(test_copy_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

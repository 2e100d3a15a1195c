/* Envelope parsing, routing and every gateway-level error of protocols §1.4 (gateway
 * profile) and of the document (spec profile), with exact texts. */
#include "tg_harness.h"

/* --- gateway --- */

static void test_gw_not_json(void **state)
{
    (void)state;
    tg_expect1("", "{\"error\":{\"message\":\"Expecting value: line 1 column 1 (char 0)\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("hello", "{\"error\":{\"message\":\"Expecting value: line 1 column 1 (char 0)\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":1} x", "{\"error\":{\"message\":\"Extra data: line 1 column 10 (char 9)\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\" 1}", "{\"error\":{\"message\":\"Expecting ':' delimiter: line 1 column 7 (char 6)\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("[1 2]", "{\"error\":{\"message\":\"Expecting ',' delimiter: line 1 column 4 (char 3)\",\"type\":\"error\"},\"complete\":true}");
}

static void test_gw_not_object(void **state)
{
    (void)state;
    tg_expect1("[1]", "{\"error\":{\"message\":\"'list' object has no attribute 'get'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("5", "{\"error\":{\"message\":\"'int' object has no attribute 'get'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("\"x\"", "{\"error\":{\"message\":\"'str' object has no attribute 'get'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("null", "{\"error\":{\"message\":\"'NoneType' object has no attribute 'get'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("1.5", "{\"error\":{\"message\":\"'float' object has no attribute 'get'\",\"type\":\"error\"},\"complete\":true}");
}

static void test_gw_bad_message(void **state)
{
    (void)state;
    /* Missing request: id echoed. */
    tg_expect1("{\"id\":\"test-id-123\",\"service\":\"config\"}",
               "{\"id\":\"test-id-123\",\"error\":{\"message\":\"Bad message\",\"type\":\"error\"},\"complete\":true}");
    /* Missing id: no id key. */
    tg_expect1("{\"service\":\"config\",\"request\":{}}",
               "{\"error\":{\"message\":\"Bad message\",\"type\":\"error\"},\"complete\":true}");
    /* A falsy id is left out of the gateway's own errors. */
    tg_expect1("{\"id\":\"\",\"service\":\"config\"}",
               "{\"error\":{\"message\":\"Bad message\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":0,\"service\":\"config\"}",
               "{\"error\":{\"message\":\"Bad message\",\"type\":\"error\"},\"complete\":true}");
}

static void test_gw_service_and_flow_errors(void **state)
{
    (void)state;
    tg_expect1("{\"id\":\"a\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"'service'\",\"type\":\"error\"},\"complete\":true}");
    /* A flow service without flow, and an unknown global service. */
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"request\":{\"question\":\"q\"}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"'agent'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"'agent'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":null,\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"'agent'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"foo\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"'foo'\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"it's\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"\\\"it's\\\"\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":7,\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"7\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":[1],\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"unhashable type: 'list'\",\"type\":\"error\"},\"complete\":true}");
    /* Unknown flow; a global service given a flow is routed as a flow service. */
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"nope\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"Invalid flow\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"config\",\"flow\":\"nope\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"Invalid flow\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"config\",\"flow\":\"default\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"This kind not supported by flow\",\"type\":\"error\"},\"complete\":true}");
    /* objects: the document's name, gone from the gateway. */
    tg_expect1("{\"id\":\"a\",\"service\":\"objects\",\"flow\":\"default\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"This kind not supported by flow\",\"type\":\"error\"},\"complete\":true}");
}

static void test_gw_invalid_kind_and_reachability(void **state)
{
    (void)state;
    /* A blueprint offering a kind the gateway has no dispatcher for. */
    tg_call("{\"id\":\"1\",\"service\":\"flow\",\"request\":{\"operation\":\"put-blueprint\",\"blueprint-name\":\"odd\","
            "\"blueprint-definition\":\"{\\\"interfaces\\\":{\\\"objects\\\":{},\\\"agent\\\":{}}}\"}}");
    tg_call("{\"id\":\"2\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"odd\","
            "\"flow-id\":\"f\",\"description\":\"d\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"objects\",\"flow\":\"f\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"Invalid kind\",\"type\":\"error\"},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"triples\",\"flow\":\"f\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"This kind not supported by flow\",\"type\":\"error\"},\"complete\":true}");
    assert_true(tg_call("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"f\",\"request\":{\"question\":\"q\"}}") > 1);
    /* stop-flow makes it unreachable. */
    tg_call("{\"id\":\"3\",\"service\":\"flow\",\"request\":{\"operation\":\"stop-flow\",\"flow-id\":\"f\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"f\",\"request\":{\"question\":\"q\"}}",
               "{\"id\":\"a\",\"error\":{\"message\":\"Invalid flow\",\"type\":\"error\"},\"complete\":true}");
}

static void test_gw_request_not_object_and_missing_fields(void **state)
{
    (void)state;
    tg_expect1("{\"id\":\"a\",\"service\":\"config\",\"request\":[1]}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'list' object has no attribute 'get'\"}},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":5}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'int' object has no attribute 'get'\"}},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{}}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'question'\"}},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"prompt\":\"p\"}}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'system'\"}},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\"}}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'prompt'\"}},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"graph-rag\",\"flow\":\"default\",\"request\":{}}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'query'\"}},\"complete\":true}");
    tg_expect1("{\"id\":\"a\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{\"texts\":\"x\"}}",
               "{\"id\":\"a\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'texts'\"}},\"complete\":true}");
}

static void test_gw_ids_echoed_verbatim_and_binary_same(void **state)
{
    (void)state;
    tg_expect1("{\"id\":42,\"service\":\"config\",\"request\":{\"operation\":\"nope\"}}",
               "{\"id\":42,\"response\":{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}},\"complete\":true}");
    tg_expect1("{\"id\":{\"k\":[1]},\"service\":\"config\",\"request\":{\"operation\":\"nope\"}}",
               "{\"id\":{\"k\":[1]},\"response\":{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}},\"complete\":true}");
    /* Bytes that are not UTF-8 (a binary frame) get the codec's text. */
    const char bad[] = "{\"id\":\"\xff\"}";
    tg_out_free(&tgo);
    assert_int_equal(tg_handle(&tgw, tgp, bad, sizeof bad - 1, &tgo), 0);
    assert_string_equal(tg_frame_at(0), "{\"error\":{\"message\":\"'utf-8' codec can't decode byte 0xff in position 7: "
                                   "invalid start byte\",\"type\":\"error\"},\"complete\":true}");
}

static void test_gw_deep_nesting_and_huge_id(void **state)
{
    (void)state;
    size_t depth = 5000;
    char *deep = malloc(depth * 2 + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[depth * 2] = '\0';
    tg_expect1(deep, "{\"error\":{\"message\":\"maximum recursion depth exceeded while decoding a JSON array from a "
                     "unicode string\",\"type\":\"error\"},\"complete\":true}");
    free(deep);
    /* A 1 MiB id comes back verbatim. */
    size_t n = 1 << 20;
    char *frame = malloc(n + 100);
    int k = sprintf(frame, "{\"id\":\"");
    memset(frame + k, 'x', n);
    sprintf(frame + k + n, "\",\"service\":\"config\",\"request\":{\"operation\":\"nope\"}}");
    assert_int_equal(tg_call(frame), 1);
    assert_int_equal(strlen(tg_frame_at(0)), n + strlen("{\"id\":\"\",\"response\":{\"error\":{\"type\":\"bad-operation\","
                                                   "\"message\":\"Bad operation\"}},\"complete\":true}"));
    free(frame);
}

static void test_timeout_frames(void **state)
{
    (void)state;
    cJSON *id = cJSON_CreateString("t1");
    tg_out o = { 0 };
    tg_frame_timeout(&o, TG_PROFILE_GATEWAY, id);
    tg_frame_timeout(&o, TG_PROFILE_SPEC, id);
    assert_string_equal(o.msgs[0].text,
                        "{\"id\":\"t1\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"Timeout\"}},\"complete\":true}");
    assert_string_equal(o.msgs[1].text, "{\"id\":\"t1\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Timeout\"}}");
    tg_out_free(&o);
    cJSON_Delete(id);
    cJSON *fid = tg_frame_id("{\"id\":[1,2],\"x\":1}", 18);
    char *t = cJSON_PrintUnformatted(fid);
    assert_string_equal(t, "[1,2]");
    cJSON_free(t);
    cJSON_Delete(fid);
    assert_null(tg_frame_id("[1]", 3));
    assert_null(tg_frame_id("{", 1));
    tg_profile p;
    assert_int_equal(tg_profile_parse("gateway", &p), 0);
    assert_int_equal(p, TG_PROFILE_GATEWAY);
    assert_int_equal(tg_profile_parse(NULL, &p), 0);
    assert_int_equal(p, TG_PROFILE_SPEC);
    assert_int_equal(tg_profile_parse("impl", &p), -1);
    assert_string_equal(tg_profile_name(TG_PROFILE_GATEWAY), "gateway");
}

/* --- spec --- */

static void test_spec_envelope_errors(void **state)
{
    (void)state;
    tg_expect1("nope", "{\"error\":{\"type\":\"gateway-error\",\"message\":\"Invalid JSON\"}}");
    tg_expect1("[1]", "{\"error\":{\"type\":\"gateway-error\",\"message\":\"Message must be a JSON object\"}}");
    tg_expect1("{\"service\":\"config\",\"request\":{}}",
               "{\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: id\"}}");
    tg_expect1("{\"id\":5,\"service\":\"config\",\"request\":{}}",
               "{\"id\":5,\"error\":{\"type\":\"gateway-error\",\"message\":\"Invalid field: id (must be a string)\"}}");
    tg_expect1("{\"id\":\"a\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: service\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":1,\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Invalid field: service (must be a string)\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"config\"}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: request\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"config\",\"request\":[]}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Invalid field: request (must be an object)\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"rows\",\"flow\":\"default\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Unknown service: rows\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Flow required for service: agent\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"nope\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Flow not found\"}}");
    tg_call("{\"id\":\"1\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"minimal\","
            "\"flow-id\":\"m\",\"description\":\"d\",\"parameters\":{\"model\":\"x\"}}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"m\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Service not available in flow: agent\"}}");
    tg_expect1("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: question\"}}");
    /* Global services ignore a flow in the document's envelope. */
    tg_expect1("{\"id\":\"a\",\"service\":\"config\",\"flow\":\"x\",\"request\":{\"operation\":\"nope\"}}",
               "{\"id\":\"a\",\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gw_not_json, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_not_object, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_bad_message, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_service_and_flow_errors, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_invalid_kind_and_reachability, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_request_not_object_and_missing_fields, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_ids_echoed_verbatim_and_binary_same, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_deep_nesting_and_huge_id, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_timeout_frames, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_envelope_errors, spec_setup, tg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Back-end errors: a request text starting with "fail:" makes the mock back end fail, so
 * each service's error type and shape can be seen in both profiles (protocols §1.10). */
#include "tg_harness.h"

static void test_gw_backend_failures(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"e0\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"fail: tool crashed\",\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e0\",\"response\":{\"error\":{\"type\":\"agent-error\",\"message\":\"tool crashed\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e1\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\",\"prompt\":\"fail: model overloaded\",\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e1\",\"response\":{\"error\":{\"type\":\"llm-error\",\"message\":\"model overloaded\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e2\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"fail:unknown template\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e2\",\"response\":{\"error\":{\"type\":\"llm-error\",\"message\":\"unknown template\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e3\",\"service\":\"document-rag\",\"flow\":\"default\",\"request\":{\"query\":\"fail:no documents\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e3\",\"response\":{\"error\":{\"type\":\"document-rag-error\",\"message\":\"no documents\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e4\",\"service\":\"graph-rag\",\"flow\":\"default\",\"request\":{\"query\":\"fail:no graph\",\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e4\",\"response\":{\"error\":{\"type\":\"graph-rag-error\",\"message\":\"no graph\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e5\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{\"texts\":[\"fail:\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e5\",\"response\":{\"error\":{\"type\":\"embeddings-error\",\"message\":\"Failure requested\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e6\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"fail: store down\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e6\",\"response\":{\"error\":{\"type\":\"sparql-query-error\",\"message\":\"store down\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e7\",\"service\":\"rows\",\"flow\":\"default\",\"request\":{\"query\":\"fail: store down\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e7\",\"response\":{\"error\":{\"type\":\"rows-query-error\",\"message\":\"store down\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e8\",\"service\":\"nlp-query\",\"flow\":\"default\",\"request\":{\"question\":\"fail: no schema\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e8\",\"response\":{\"error\":{\"type\":\"nlp-query-error\",\"message\":\"no schema\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e9\",\"service\":\"structured-query\",\"flow\":\"default\",\"request\":{\"question\":\"fail: no schema\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e9\",\"response\":{\"error\":{\"type\":\"structured-query-error\",\"message\":\"no schema\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e10\",\"service\":\"mcp-tool\",\"flow\":\"default\",\"request\":{\"name\":\"fail: tool missing\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e10\",\"response\":{\"error\":{\"type\":\"tool-error\",\"message\":\"tool missing\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"ok\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"failure is not a prefix here\"}}"), 5);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"ok\",\"response\":{\"message_type\":\"explain\",\"end_of_message\":true,\"end_of_dialog\":false,\"explain_id\":\"urn:trustgraph:agent:2b244c26a847f1cb/session\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"ok\",\"response\":{\"message_type\":\"thought\",\"content\":\"pattern edge edge source relation index\",\"end_of_message\":true,\"end_of_dialog\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"ok\",\"response\":{\"message_type\":\"explain\",\"end_of_message\":true,\"end_of_dialog\":false,\"explain_id\":\"urn:trustgraph:agent:2b244c26a847f1cb/iteration\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(3), "{\"id\":\"ok\",\"response\":{\"message_type\":\"observation\",\"content\":\"context claim memory topic answer document\",\"end_of_message\":true,\"end_of_dialog\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(4), "{\"id\":\"ok\",\"response\":{\"message_type\":\"answer\",\"content\":\"answer source model chunk signal relation trust context vector source insight path\",\"end_of_message\":true,\"end_of_dialog\":true},\"complete\":true}");
    tg_assert_one_final();
}

static void test_spec_backend_failures(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"e0\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"fail: tool crashed\",\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e0\",\"error\":{\"type\":\"agent-error\",\"message\":\"tool crashed\"}}");
    assert_int_equal(tg_call("{\"id\":\"e1\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\",\"prompt\":\"fail: model overloaded\",\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e1\",\"error\":{\"type\":\"llm-error\",\"message\":\"model overloaded\"}}");
    assert_int_equal(tg_call("{\"id\":\"e2\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"fail:unknown template\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e2\",\"error\":{\"type\":\"llm-error\",\"message\":\"unknown template\"}}");
    assert_int_equal(tg_call("{\"id\":\"e3\",\"service\":\"document-rag\",\"flow\":\"default\",\"request\":{\"query\":\"fail:no documents\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e3\",\"error\":{\"type\":\"document-rag-error\",\"message\":\"no documents\"}}");
    assert_int_equal(tg_call("{\"id\":\"e4\",\"service\":\"graph-rag\",\"flow\":\"default\",\"request\":{\"query\":\"fail:no graph\",\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e4\",\"error\":{\"type\":\"graph-rag-error\",\"message\":\"no graph\"}}");
    assert_int_equal(tg_call("{\"id\":\"e5\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{\"text\":\"fail:\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e5\",\"error\":{\"type\":\"embeddings-error\",\"message\":\"Failure requested\"}}");
    assert_int_equal(tg_call("{\"id\":\"e6\",\"service\":\"sparql-query\",\"flow\":\"default\",\"request\":{\"query\":\"fail: store down\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e6\",\"error\":{\"type\":\"sparql-query-error\",\"message\":\"store down\"}}");
    assert_int_equal(tg_call("{\"id\":\"e7\",\"service\":\"objects\",\"flow\":\"default\",\"request\":{\"query\":\"fail: store down\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e7\",\"error\":{\"type\":\"rows-query-error\",\"message\":\"store down\"}}");
    assert_int_equal(tg_call("{\"id\":\"e8\",\"service\":\"nlp-query\",\"flow\":\"default\",\"request\":{\"question\":\"fail: no schema\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e8\",\"error\":{\"type\":\"nlp-query-error\",\"message\":\"no schema\"}}");
    assert_int_equal(tg_call("{\"id\":\"e9\",\"service\":\"structured-query\",\"flow\":\"default\",\"request\":{\"question\":\"fail: no schema\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e9\",\"error\":{\"type\":\"structured-query-error\",\"message\":\"no schema\"}}");
    assert_int_equal(tg_call("{\"id\":\"e10\",\"service\":\"mcp-tool\",\"flow\":\"default\",\"request\":{\"name\":\"fail: tool missing\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e10\",\"error\":{\"type\":\"tool-error\",\"message\":\"tool missing\"}}");
}

/* "slow:<ms>": the first frame waits ms longer than the same answer's would, the frames are
 * otherwise the answer to that text; the number is capped and must start with a digit. */
static void test_slow_requested(void **state)
{
    (void)state;
    assert_int_equal(tg_slow_ms(NULL), 0);
    assert_int_equal(tg_slow_ms("slow:"), 0);
    assert_int_equal(tg_slow_ms("slow:abc"), 0);
    assert_int_equal(tg_slow_ms("slow:-5"), 0);
    assert_int_equal(tg_slow_ms("Slow:5"), 0);
    assert_int_equal(tg_slow_ms("slow:250"), 250);
    assert_int_equal(tg_slow_ms("slow:250ms"), 250);
    assert_int_equal(tg_slow_ms("slow:99999999999999999999999"), TG_SLOW_MAX_MS);

    assert_int_equal(tg_call("{\"id\":\"s0\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\",\"prompt\":\"slow:0\"}}"), 1);
    uint32_t base = tgo.msgs[0].delay_ms;
    assert_int_equal(tg_call("{\"id\":\"s1\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\",\"prompt\":\"slow:1500\"}}"), 1);
    assert_int_equal(tgo.msgs[0].delay_ms, base + 1500);
    assert_non_null(strstr(tg_frame_at(0), "\"end_of_stream\":true"));
    tg_assert_one_final();
    /* A streamed answer: only the first frame is late. */
    size_t n = tg_call("{\"id\":\"s2\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"slow:700\",\"streaming\":true}}");
    assert_true(n > 2);
    assert_true(tgo.msgs[0].delay_ms >= 700);
    for (size_t i = 1; i < n; i++)
        assert_true(tgo.msgs[i].delay_ms < 700);
    tg_assert_one_final();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gw_backend_failures, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_backend_failures, spec_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_slow_requested, gw_setup, tg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trustgraph/tg_stream.h"

static void test_agent_streaming_steps(void **state)
{
    (void)state;
    mock_tg_opts o;
    mock_tg_opts_default(&o);
    mock_tg_stream s;
    assert_int_equal(mock_tg_agent(1, &o, "What is TrustGraph?", true, &s), 0);
    /* explain, 3 thought, explain, 3 observation, 3 answer */
    assert_int_equal(s.count, 11);
    assert_int_equal(s.steps[0].kind, MOCK_TG_STEP_EXPLAIN);
    assert_string_equal(s.steps[0].explain_id, "urn:trustgraph:agent:ef3c3882e968d6e3/session");
    assert_int_equal(s.steps[1].kind, MOCK_TG_STEP_THOUGHT);
    assert_string_equal(s.steps[1].text, "entity result ");
    assert_false(s.steps[1].end_of_message);
    assert_string_equal(s.steps[3].text, "query topic");
    assert_true(s.steps[3].end_of_message);
    assert_string_equal(s.steps[4].explain_id, "urn:trustgraph:agent:ef3c3882e968d6e3/iteration");
    assert_int_equal(s.steps[5].kind, MOCK_TG_STEP_OBSERVATION);
    assert_string_equal(s.steps[5].text, "domain evidence ");
    assert_true(s.steps[7].end_of_message);
    assert_int_equal(s.steps[8].kind, MOCK_TG_STEP_ANSWER);
    assert_string_equal(s.steps[8].text, "source document link memory ");
    assert_string_equal(s.steps[10].text, "vector result score trust");
    for (int i = 8; i < 11; i++)
        assert_false(s.steps[i].end_of_message);   /* the final frame ends the answer */
    for (size_t i = 0; i < s.count; i++)
        assert_int_equal(s.steps[i].delay_ms, 2);
    assert_string_equal(s.full, "source document link memory score chunk claim context vector result score trust");
    assert_int_equal(s.in_tokens, 3);
    assert_int_equal(s.out_tokens, 12);
    mock_tg_stream_free(&s);
}

static void test_agent_non_streaming_has_whole_messages(void **state)
{
    (void)state;
    mock_tg_opts o;
    mock_tg_opts_default(&o);
    o.chunks = 5;
    o.delay_ms = 7;
    mock_tg_stream s;
    assert_int_equal(mock_tg_agent(1, &o, "What is TrustGraph?", false, &s), 0);
    assert_int_equal(s.count, 4);
    assert_string_equal(s.steps[1].text, "entity result trust fact query topic");
    assert_true(s.steps[1].end_of_message);
    assert_string_equal(s.steps[3].text, "domain evidence context chunk memory concept");
    assert_int_equal(s.steps[3].delay_ms, 7);
    mock_tg_stream_free(&s);
}

static void test_llm_chunks_and_counts(void **state)
{
    (void)state;
    mock_tg_opts o;
    mock_tg_opts_default(&o);
    mock_tg_stream s;
    assert_int_equal(mock_tg_llm(1, &o, "completion", "be brief\nhello", true, &s), 0);
    assert_int_equal(s.count, 3);
    assert_string_equal(s.steps[0].text, "trust relation link entity pattern ");
    assert_string_equal(s.steps[1].text, "trust context signal reason document ");
    assert_string_equal(s.steps[2].text, "memory document insight document source query");
    assert_true(s.steps[2].end_of_message);
    assert_int_equal(s.in_tokens, 3);
    assert_int_equal(s.out_tokens, 16);
    mock_tg_stream_free(&s);
    o.chunks = 16;
    assert_int_equal(mock_tg_llm(1, &o, "completion", "be brief\nhello", true, &s), 0);
    assert_int_equal(s.count, 16);
    assert_string_equal(s.steps[15].text, "query");
    mock_tg_stream_free(&s);
    assert_int_equal(mock_tg_llm(1, &o, "completion", "be brief\nhello", false, &s), 0);
    assert_int_equal(s.count, 1);
    assert_string_equal(s.steps[0].text, s.full);
    mock_tg_stream_free(&s);
}

static void test_rag_explain_then_chunks(void **state)
{
    (void)state;
    mock_tg_opts o;
    mock_tg_opts_default(&o);
    o.chunks = 2;
    mock_tg_stream s;
    assert_int_equal(mock_tg_rag(1, &o, "graph-rag", "What is TrustGraph?", true, &s), 0);
    assert_int_equal(s.count, 4);
    assert_string_equal(s.steps[0].explain_id, "urn:trustgraph:graph-rag:77672f0b7220e013/question");
    assert_string_equal(s.steps[1].explain_id, "urn:trustgraph:graph-rag:77672f0b7220e013/retrieval");
    assert_string_equal(s.steps[2].text, "context fact topic index result link relation path ");
    assert_string_equal(s.steps[3].text, "trust signal result context edge pattern document signal");
    assert_true(s.steps[3].end_of_message);
    mock_tg_stream_free(&s);
    assert_int_equal(mock_tg_rag(1, &o, "graph-rag", "What is TrustGraph?", false, &s), 0);
    assert_int_equal(s.count, 2);
    assert_string_equal(s.full, "context fact topic index result link relation path trust signal result context edge pattern document signal");
    mock_tg_stream_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agent_streaming_steps),
        cmocka_unit_test(test_agent_non_streaming_has_whole_messages),
        cmocka_unit_test(test_llm_chunks_and_counts),
        cmocka_unit_test(test_rag_explain_then_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

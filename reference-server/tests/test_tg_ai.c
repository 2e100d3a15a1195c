/* Agent, text-completion, prompt and RAG frames in both profiles, with exact texts:
 * the words are the mock's definitions (mocks/README.md) for seed 1. */
#include "tg_harness.h"

static void test_gw_agent_streaming(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"What is TrustGraph?\",\"streaming\":true}}"), 12);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"a\",\"response\":{\"message_type\":\"explain\",\"end_of_message\":true,\"end_of_dialog\":false,\"explain_id\":\"urn:trustgraph:agent:ef3c3882e968d6e3/session\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_int_equal(tgo.msgs[0].delay_ms, 2);
    assert_string_equal(tg_frame_at(1), "{\"id\":\"a\",\"response\":{\"message_type\":\"thought\",\"content\":\"entity result \",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[1].delay_ms, 2);
    assert_string_equal(tg_frame_at(2), "{\"id\":\"a\",\"response\":{\"message_type\":\"thought\",\"content\":\"trust fact \",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[2].delay_ms, 2);
    assert_string_equal(tg_frame_at(3), "{\"id\":\"a\",\"response\":{\"message_type\":\"thought\",\"content\":\"query topic\",\"end_of_message\":true,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[3].delay_ms, 2);
    assert_string_equal(tg_frame_at(4), "{\"id\":\"a\",\"response\":{\"message_type\":\"explain\",\"end_of_message\":true,\"end_of_dialog\":false,\"explain_id\":\"urn:trustgraph:agent:ef3c3882e968d6e3/iteration\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_int_equal(tgo.msgs[4].delay_ms, 2);
    assert_string_equal(tg_frame_at(5), "{\"id\":\"a\",\"response\":{\"message_type\":\"observation\",\"content\":\"domain evidence \",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[5].delay_ms, 2);
    assert_string_equal(tg_frame_at(6), "{\"id\":\"a\",\"response\":{\"message_type\":\"observation\",\"content\":\"context chunk \",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[6].delay_ms, 2);
    assert_string_equal(tg_frame_at(7), "{\"id\":\"a\",\"response\":{\"message_type\":\"observation\",\"content\":\"memory concept\",\"end_of_message\":true,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[7].delay_ms, 2);
    assert_string_equal(tg_frame_at(8), "{\"id\":\"a\",\"response\":{\"message_type\":\"answer\",\"content\":\"source document link memory \",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[8].delay_ms, 2);
    assert_string_equal(tg_frame_at(9), "{\"id\":\"a\",\"response\":{\"message_type\":\"answer\",\"content\":\"score chunk claim context \",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[9].delay_ms, 2);
    assert_string_equal(tg_frame_at(10), "{\"id\":\"a\",\"response\":{\"message_type\":\"answer\",\"content\":\"vector result score trust\",\"end_of_message\":false,\"end_of_dialog\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[10].delay_ms, 2);
    assert_string_equal(tg_frame_at(11), "{\"id\":\"a\",\"response\":{\"message_type\":\"answer\",\"end_of_message\":true,\"end_of_dialog\":true},\"complete\":true}");
    assert_int_equal(tgo.msgs[11].delay_ms, 2);
    tg_assert_one_final();
}

static void test_gw_agent_non_streaming(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"b\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"What is TrustGraph?\"}}"), 5);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"b\",\"response\":{\"message_type\":\"explain\",\"end_of_message\":true,\"end_of_dialog\":false,\"explain_id\":\"urn:trustgraph:agent:ef3c3882e968d6e3/session\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"b\",\"response\":{\"message_type\":\"thought\",\"content\":\"entity result trust fact query topic\",\"end_of_message\":true,\"end_of_dialog\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"b\",\"response\":{\"message_type\":\"explain\",\"end_of_message\":true,\"end_of_dialog\":false,\"explain_id\":\"urn:trustgraph:agent:ef3c3882e968d6e3/iteration\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(3), "{\"id\":\"b\",\"response\":{\"message_type\":\"observation\",\"content\":\"domain evidence context chunk memory concept\",\"end_of_message\":true,\"end_of_dialog\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(4), "{\"id\":\"b\",\"response\":{\"message_type\":\"answer\",\"content\":\"source document link memory score chunk claim context vector result score trust\",\"end_of_message\":true,\"end_of_dialog\":true},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_text_completion(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"c\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\",\"streaming\":true}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"c\",\"response\":{\"response\":\"trust relation link entity pattern \",\"end_of_stream\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"c\",\"response\":{\"response\":\"trust context signal reason document \",\"end_of_stream\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"c\",\"response\":{\"response\":\"memory document insight document source query\",\"end_of_stream\":true,\"in_token\":3,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"d\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"d\",\"response\":{\"response\":\"trust relation link entity pattern trust context signal reason document memory document insight document source query\",\"end_of_stream\":true,\"in_token\":3,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_rag(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"e\",\"service\":\"graph-rag\",\"flow\":\"default\",\"request\":{\"query\":\"What is TrustGraph?\",\"streaming\":true}}"), 6);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:graph-rag:77672f0b7220e013/question\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"e\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:graph-rag:77672f0b7220e013/retrieval\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"e\",\"response\":{\"message_type\":\"chunk\",\"response\":\"context fact topic index result \",\"end_of_stream\":false,\"end_of_session\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(3), "{\"id\":\"e\",\"response\":{\"message_type\":\"chunk\",\"response\":\"link relation path trust signal \",\"end_of_stream\":false,\"end_of_session\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(4), "{\"id\":\"e\",\"response\":{\"message_type\":\"chunk\",\"response\":\"result context edge pattern document signal\",\"end_of_stream\":true,\"end_of_session\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(5), "{\"id\":\"e\",\"response\":{\"message_type\":\"chunk\",\"response\":\"\",\"end_of_stream\":false,\"end_of_session\":true,\"in_token\":3,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"e2\",\"service\":\"document-rag\",\"flow\":\"default\",\"request\":{\"query\":\"What is TrustGraph?\",\"streaming\":true}}"), 6);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e2\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:document-rag:5154bb327f70c3fb/question\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"e2\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:document-rag:5154bb327f70c3fb/retrieval\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"e2\",\"response\":{\"message_type\":\"chunk\",\"response\":\"index path memory insight relation \",\"end_of_stream\":false,\"end_of_session\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(3), "{\"id\":\"e2\",\"response\":{\"message_type\":\"chunk\",\"response\":\"node source domain topic answer \",\"end_of_stream\":false,\"end_of_session\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(4), "{\"id\":\"e2\",\"response\":{\"message_type\":\"chunk\",\"response\":\"reason node index query evidence vector\",\"end_of_stream\":true,\"end_of_session\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(5), "{\"id\":\"e2\",\"response\":{\"message_type\":\"end\",\"end_of_stream\":false,\"end_of_session\":true,\"in_token\":3,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"f\",\"service\":\"document-rag\",\"flow\":\"default\",\"request\":{\"query\":\"What is TrustGraph?\"}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"f\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:document-rag:5154bb327f70c3fb/question\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"f\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:document-rag:5154bb327f70c3fb/retrieval\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"f\",\"response\":{\"message_type\":\"chunk\",\"response\":\"index path memory insight relation node source domain topic answer reason node index query evidence vector\",\"end_of_stream\":true,\"end_of_session\":true,\"in_token\":3,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"f2\",\"service\":\"graph-rag\",\"flow\":\"default\",\"request\":{\"query\":\"What is TrustGraph?\"}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"f2\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:graph-rag:77672f0b7220e013/question\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"f2\",\"response\":{\"message_type\":\"explain\",\"end_of_stream\":false,\"end_of_session\":false,\"explain_id\":\"urn:trustgraph:graph-rag:77672f0b7220e013/retrieval\",\"explain_graph\":\"urn:graph:retrieval\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"f2\",\"response\":{\"message_type\":\"chunk\",\"response\":\"context fact topic index result link relation path trust signal result context edge pattern document signal\",\"end_of_stream\":true,\"end_of_session\":true,\"in_token\":3,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_prompt(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"g\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"question\",\"terms\":{\"q\":\"\\\"hi\\\"\"},\"streaming\":true}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"g\",\"response\":{\"text\":\"vector document topic document fact \",\"end_of_stream\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"g\",\"response\":{\"text\":\"insight result index domain domain \",\"end_of_stream\":false},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"g\",\"response\":{\"text\":\"link concept entity chunk index score\",\"end_of_stream\":true,\"in_token\":2,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"g2\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"question\",\"variables\":{\"q\":\"hi\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"g2\",\"response\":{\"text\":\"vector document topic document fact insight result index domain domain link concept entity chunk index score\",\"end_of_stream\":true,\"in_token\":2,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"h\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"extract-json\",\"variables\":{\"q\":\"hi\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"h\",\"response\":{\"object\":\"{\\\"answer\\\":\\\"pattern memory index trust schema answer chunk claim context concept domain edge reason chunk insight vector\\\"}\",\"end_of_stream\":true,\"in_token\":2,\"out_token\":16,\"model\":\"mock-llm\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"i\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"i\",\"response\":{\"error\":{\"type\":\"llm-error\",\"message\":\"No prompt template\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_spec_agent(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"What is TrustGraph?\",\"streaming\":true}}"), 9);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"thought\",\"content\":\"entity result \",\"end-of-message\":false,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"thought\",\"content\":\"trust fact \",\"end-of-message\":false,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"thought\",\"content\":\"query topic\",\"end-of-message\":true,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(3), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"observation\",\"content\":\"domain evidence \",\"end-of-message\":false,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(4), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"observation\",\"content\":\"context chunk \",\"end-of-message\":false,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(5), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"observation\",\"content\":\"memory concept\",\"end-of-message\":true,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(6), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"answer\",\"content\":\"source document link memory \",\"end-of-message\":false,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(7), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"answer\",\"content\":\"score chunk claim context \",\"end-of-message\":false,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(8), "{\"id\":\"a\",\"response\":{\"chunk-type\":\"answer\",\"content\":\"vector result score trust\",\"end-of-message\":true,\"end-of-dialog\":true,\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"b\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"What is TrustGraph?\"}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"b\",\"response\":{\"chunk-type\":\"thought\",\"content\":\"entity result trust fact query topic\",\"end-of-message\":true,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"b\",\"response\":{\"chunk-type\":\"observation\",\"content\":\"domain evidence context chunk memory concept\",\"end-of-message\":true,\"end-of-dialog\":false,\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"b\",\"response\":{\"chunk-type\":\"answer\",\"content\":\"source document link memory score chunk claim context vector result score trust\",\"end-of-message\":true,\"end-of-dialog\":true,\"end-of-stream\":true}}");
}

static void test_spec_llm_and_rag(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"c\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\",\"streaming\":true}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"c\",\"response\":{\"content\":\"trust relation link entity pattern \",\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"c\",\"response\":{\"content\":\"trust context signal reason document \",\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"c\",\"response\":{\"content\":\"memory document insight document source query\",\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"d\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"d\",\"response\":{\"response\":\"trust relation link entity pattern trust context signal reason document memory document insight document source query\",\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"e\",\"service\":\"graph-rag\",\"flow\":\"default\",\"request\":{\"query\":\"What is TrustGraph?\",\"streaming\":true}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"e\",\"response\":{\"content\":\"context fact topic index result \",\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"e\",\"response\":{\"content\":\"link relation path trust signal \",\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"e\",\"response\":{\"content\":\"result context edge pattern document signal\",\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"f\",\"service\":\"document-rag\",\"flow\":\"default\",\"request\":{\"query\":\"What is TrustGraph?\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"f\",\"response\":{\"response\":\"index path memory insight relation node source domain topic answer reason node index query evidence vector\",\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"g\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"question\",\"variables\":{\"q\":\"hi\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"g\",\"response\":{\"text\":\"vector document topic document fact insight result index domain domain link concept entity chunk index score\",\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"h\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"extract-json\",\"variables\":{\"q\":\"hi\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"h\",\"response\":{\"object\":{\"answer\":\"pattern memory index trust schema answer chunk claim context concept domain edge reason chunk insight vector\"},\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"i\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"i\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: prompt\"}}");
}

/* Chunk count and pacing come from the options; the model from the flow's parameter. */
static void test_gw_options_and_model(void **state)
{
    (void)state;
    mock_tg_world_free(&tgw);
    mock_tg_opts o;
    mock_tg_opts_default(&o);
    o.chunks = 2;
    o.delay_ms = 50;
    assert_int_equal(tg_world_init(&tgw, TG_PROFILE_GATEWAY, 1, &o), 0);
    assert_int_equal(tg_call("{\"id\":\"c\",\"service\":\"text-completion\",\"flow\":\"default\","
                             "\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\",\"streaming\":true}}"), 2);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"c\",\"response\":{\"response\":\"trust relation link entity pattern "
                                        "trust context signal \",\"end_of_stream\":false},\"complete\":false}");
    assert_int_equal(tgo.msgs[0].delay_ms, 50);
    assert_int_equal(tgo.msgs[1].delay_ms, 50);
    tg_call("{\"id\":\"1\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"default\","
            "\"flow-id\":\"big\",\"description\":\"d\",\"parameters\":{\"model\":\"large-model\"}}}");
    assert_int_equal(tg_call("{\"id\":\"d\",\"service\":\"text-completion\",\"flow\":\"big\","
                             "\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"d\",\"response\":{\"response\":\"trust relation link entity pattern "
                                        "trust context signal reason document memory document insight document source "
                                        "query\",\"end_of_stream\":true,\"in_token\":3,\"out_token\":16,"
                                        "\"model\":\"large-model\"},\"complete\":true}");
    /* Another seed, another answer. */
    mock_tg_world_free(&tgw);
    assert_int_equal(tg_world_init(&tgw, TG_PROFILE_GATEWAY, 2, &o), 0);
    tg_call("{\"id\":\"d\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"be brief\",\"prompt\":\"hello\"}}");
    assert_null(strstr(tg_frame_at(0), "trust relation link entity pattern"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gw_agent_streaming, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_agent_non_streaming, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_text_completion, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_rag, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_prompt, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_options_and_model, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_agent, spec_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_llm_and_rag, spec_setup, tg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Embeddings, triples, SPARQL, structured data, tools and loading in both profiles.
 * Vectors and scores follow the mock's definitions (mocks/README.md) for seed 1 and
 * dimension 8; they were checked against an independent implementation. */
#include "tg_harness.h"

static void test_gw_embeddings(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{\"texts\":[\"hello\",\"world\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"vectors\":[[0.169235,-0.466714,0.553648,0.581108,0.941229,0.77588,-0.755386,-0.912528],[-0.161459,0.244927,-0.420742,0.940683,-0.664809,-0.344287,0.805797,0.606984]]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"graph-embeddings\",\"flow\":\"default\",\"request\":{\"vector\":[0.169235,-0.466714,0.553648,0.581108],\"limit\":2}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"entities\":[{\"entity\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"},\"score\":0.523703},{\"entity\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/trustgraph\"},\"score\":-0.149517}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"document-embeddings\",\"flow\":\"default\",\"request\":{\"vector\":[0.1,0.2],\"limit\":3}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"chunks\":[{\"chunk_id\":\"doc-1/c0\",\"score\":0.14349},{\"chunk_id\":\"doc-2/c1\",\"score\":0.019959},{\"chunk_id\":\"doc-1/c1\",\"score\":-0.051127}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"row-embeddings\",\"flow\":\"default\",\"request\":{\"vector\":[0.1,0.2],\"index_name\":\"name\",\"limit\":2}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"matches\":[{\"index_name\":\"name\",\"index_value\":[\"carol\"],\"text\":\"carol\",\"score\":0.415068},{\"index_name\":\"name\",\"index_value\":[\"bob\"],\"text\":\"bob\",\"score\":0.111667}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"graph-embeddings\",\"flow\":\"default\",\"request\":{\"vector\":[\"x\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'vector'\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'texts'\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_triples(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"p\":{\"t\":\"i\",\"i\":\"http://www.w3.org/2000/01/rdf-schema#label\"},\"o\":{\"t\":\"l\",\"v\":\"Bob\"}},{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/knows\"},\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"}},{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/age\"},\"o\":{\"t\":\"l\",\"v\":\"42\",\"dt\":\"http://www.w3.org/2001/XMLSchema#integer\"}}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"p\":{\"t\":\"i\",\"i\":\"http://www.w3.org/2000/01/rdf-schema#label\"},\"limit\":2}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/trustgraph\"},\"p\":{\"t\":\"i\",\"i\":\"http://www.w3.org/2000/01/rdf-schema#label\"},\"o\":{\"t\":\"l\",\"v\":\"TrustGraph\"}},{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/graph-db\"},\"p\":{\"t\":\"i\",\"i\":\"http://www.w3.org/2000/01/rdf-schema#label\"},\"o\":{\"t\":\"l\",\"v\":\"Graph database\"}}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/knows\"},\"streaming\":true,\"batch-size\":1}}"), 2);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/alice\"},\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/knows\"},\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"}}]},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"3\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/knows\"},\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"}}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"s\":{\"t\":\"i\",\"i\":\"urn:none\"},\"streaming\":true}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"response\":[]},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_sparql(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"SELECT ?o WHERE { <http://trustgraph.ai/e/alice> <http://trustgraph.ai/e/knows> ?o }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"variables\":[\"o\"],\"bindings\":[{\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"}}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"ask { ?s <http://trustgraph.ai/e/age> \\\"42\\\" }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"ask-result\":false},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2b\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"ASK { ?s <http://trustgraph.ai/e/age> ?o }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2b\",\"response\":{\"ask-result\":true},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"SELECT * WHERE { ?s <http://trustgraph.ai/e/knows> ?o } LIMIT 5\",\"streaming\":true,\"batch-size\":1}}"), 2);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"variables\":[\"s\",\"o\"],\"bindings\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/alice\"},\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"}}]},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"3\",\"response\":{\"variables\":[\"s\",\"o\"],\"bindings\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"}}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"error\":{\"type\":\"sparql-parse-error\",\"message\":\"Unsupported query: SELECT or ASK over one triple pattern\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'query'\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_structured(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"rows\",\"flow\":\"default\",\"request\":{\"query\":\"query($city: String) { customers(city: $city) { name city } }\",\"variables\":{\"city\":\"Paris\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"data\":{\"customers\":[{\"name\":\"bob\",\"city\":\"Paris\"}]},\"errors\":[],\"extensions\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"rows\",\"flow\":\"default\",\"request\":{\"query\":\"{ orders { id } }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"data\":null,\"errors\":[{\"message\":\"Cannot query field: the schema has only customers\",\"path\":[],\"extensions\":{}}],\"extensions\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"nlp-query\",\"flow\":\"default\",\"request\":{\"question\":\"Who lives in Paris?\",\"max_results\":5}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"graphql_query\":\"query { customers { name city } }\",\"variables\":{},\"detected_schemas\":[\"customers\"],\"confidence\":0.9},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"structured-query\",\"flow\":\"default\",\"request\":{\"question\":\"List customers\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"data\":{\"customers\":[{\"name\":\"alice\",\"city\":\"London\"},{\"name\":\"bob\",\"city\":\"Paris\"},{\"name\":\"carol\",\"city\":\"Berlin\"}]},\"errors\":[]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"operation\":\"detect-type\",\"sample\":\"name,city\\nalice,London\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"operation\":\"detect-type\",\"detected-type\":\"csv\",\"confidence\":0.9},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"operation\":\"diagnose\",\"sample\":\"[1]\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"operation\":\"diagnose\",\"detected-type\":\"json\",\"confidence\":0.9,\"descriptor\":{\"format\":\"json\",\"schema\":\"customers\"},\"metadata\":{\"sample-size\":3}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"operation\":\"schema-selection\",\"sample\":\"<a/>\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"operation\":\"schema-selection\",\"schema-matches\":[\"customers\"]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"8\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"operation\":\"generate-descriptor\",\"sample\":\"x\",\"type\":\"csv\",\"schema-name\":\"people\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"8\",\"response\":{\"operation\":\"generate-descriptor\",\"descriptor\":{\"format\":\"csv\",\"schema\":\"people\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"9\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"operation\":\"frob\",\"sample\":\"x\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"9\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Invalid operation: frob\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"10\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"sample\":\"x\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"10\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'operation'\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"11\",\"service\":\"nlp-query\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"11\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'question'\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_tools_and_loading(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"mcp-tool\",\"flow\":\"default\",\"request\":{\"name\":\"weather\",\"parameters\":{\"city\":\"Paris\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"text\":\"query link schema concept concept path vector signal\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"mcp-tool\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"'name'\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"text-load\",\"flow\":\"default\",\"request\":{\"text\":\"Some text\",\"id\":\"t1\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"text-load\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"error\":\"'text'\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"document-load\",\"flow\":\"default\",\"request\":{\"data\":\"aGVsbG8=\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"document-load\",\"flow\":\"default\",\"request\":{\"data\":\"aGVsbG8\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"error\":\"Incorrect padding\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"document-load\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"error\":\"'data'\"},\"complete\":true}");
    tg_assert_one_final();
}

static void test_spec_queries(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{\"text\":\"hello\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"vectors\":[0.169235,-0.466714,0.553648,0.581108,0.941229,0.77588,-0.755386,-0.912528]}}");
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"graph-embeddings\",\"flow\":\"default\",\"request\":{\"vectors\":[[0.169235,-0.466714,0.553648,0.581108]],\"limit\":1}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"entities\":[{\"entity\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"},\"score\":0.523703}]}}");
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"o\":{\"t\":\"l\",\"v\":\"42\",\"d\":\"http://www.w3.org/2001/XMLSchema#integer\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/age\"},\"o\":{\"t\":\"l\",\"v\":\"42\",\"d\":\"http://www.w3.org/2001/XMLSchema#integer\"}}]}}");
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"},\"streaming\":true,\"batch-size\":1}}"), 2);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"},\"p\":{\"t\":\"i\",\"i\":\"http://www.w3.org/2000/01/rdf-schema#label\"},\"o\":{\"t\":\"l\",\"v\":\"Carol\"}}],\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"4\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/carol\"},\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/worksOn\"},\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/graph-db\"}}],\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"objects\",\"flow\":\"default\",\"request\":{\"query\":\"{ customers { name } }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"data\":{\"customers\":[{\"name\":\"alice\",\"city\":\"London\"},{\"name\":\"bob\",\"city\":\"Paris\"},{\"name\":\"carol\",\"city\":\"Berlin\"}]},\"errors\":[]}}");
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"nlp-query\",\"flow\":\"default\",\"request\":{\"question\":\"q\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"graphql-query\":\"query { customers { name city } }\",\"variables\":{},\"detected-schemas\":[\"customers\"],\"confidence\":0.9}}");
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"sparql-query\",\"flow\":\"default\",\"request\":{\"query\":\"SELECT ?o WHERE { <http://trustgraph.ai/e/bob> <http://trustgraph.ai/e/age> ?o }\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"variables\":[\"o\"],\"bindings\":[{\"o\":{\"t\":\"l\",\"v\":\"42\",\"d\":\"http://www.w3.org/2001/XMLSchema#integer\"}}]}}");
    assert_int_equal(tg_call("{\"id\":\"8\",\"service\":\"text-load\",\"flow\":\"default\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"8\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: text\"}}");
    assert_int_equal(tg_call("{\"id\":\"9\",\"service\":\"document-load\",\"flow\":\"default\",\"request\":{\"data\":\"!!\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"9\",\"error\":{\"type\":\"load-error\",\"message\":\"Incorrect padding\"}}");
    assert_int_equal(tg_call("{\"id\":\"10\",\"service\":\"embeddings\",\"flow\":\"default\",\"request\":{\"texts\":[\"a\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"10\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Missing required field: text\"}}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gw_embeddings, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_triples, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_sparql, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_structured, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_tools_and_loading, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_queries, spec_setup, tg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

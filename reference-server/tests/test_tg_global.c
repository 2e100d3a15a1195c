/* The global services (config, flow, librarian, knowledge, collection-management) in
 * both profiles, with exact frames. */
#include "tg_harness.h"

static void test_gw_config(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"flow\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"version\":1,\"values\":[],\"directory\":[\"default\"],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"config\",\"request\":{\"operation\":\"put\",\"values\":[{\"type\":\"prompt\",\"key\":\"system\",\"value\":\"{\\\"t\\\":1}\"},{\"type\":\"prompt\",\"key\":\"a\",\"value\":\"x\"}]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"version\":0,\"values\":[],\"directory\":[],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"config\",\"request\":{\"operation\":\"get\",\"keys\":[{\"type\":\"prompt\",\"key\":\"system\"},{\"type\":\"prompt\",\"key\":\"nope\"}]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"version\":2,\"values\":[{\"type\":\"prompt\",\"key\":\"system\",\"value\":\"{\\\"t\\\":1}\"},{\"type\":\"prompt\",\"key\":\"nope\",\"value\":null}],\"directory\":[],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"config\",\"request\":{\"operation\":\"getvalues\",\"type\":\"prompt\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"version\":2,\"values\":[{\"type\":\"prompt\",\"key\":\"a\",\"value\":\"x\"},{\"type\":\"prompt\",\"key\":\"system\",\"value\":\"{\\\"t\\\":1}\"}],\"directory\":[],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4b\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"prompt\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4b\",\"response\":{\"version\":2,\"values\":[],\"directory\":[\"a\",\"system\"],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"config\",\"request\":{\"operation\":\"delete\",\"keys\":[{\"type\":\"prompt\",\"key\":\"system\"}]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"version\":0,\"values\":[],\"directory\":[],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5b\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"prompt\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5b\",\"response\":{\"version\":3,\"values\":[],\"directory\":[\"a\"],\"config\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"config\",\"request\":{\"operation\":\"frob\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"config\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_flow(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"flow\",\"request\":{\"operation\":\"list-flows\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[\"default\"],\"blueprint-definition\":\"\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"flow\",\"request\":{\"operation\":\"list-blueprints\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"blueprint-names\":[\"default\",\"minimal\"],\"flow-ids\":[],\"blueprint-definition\":\"\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"flow\",\"request\":{\"operation\":\"get-blueprint\",\"blueprint-name\":\"minimal\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[],\"blueprint-definition\":\"{\\\"description\\\":\\\"Completion and embeddings only\\\",\\\"parameters\\\":{\\\"model\\\":{\\\"type\\\":\\\"string\\\"}},\\\"interfaces\\\":{\\\"text-completion\\\":{\\\"request\\\":\\\"request:tg/text-completion/{id}\\\",\\\"response\\\":\\\"response:tg/text-completion/{id}\\\"},\\\"embeddings\\\":{\\\"request\\\":\\\"request:tg/embeddings/{id}\\\",\\\"response\\\":\\\"response:tg/embeddings/{id}\\\"}}}\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"minimal\",\"flow-id\":\"m\",\"description\":\"small\",\"parameters\":{\"model\":\"x\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[],\"blueprint-definition\":\"\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"flow\",\"request\":{\"operation\":\"get-flow\",\"flow-id\":\"m\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[],\"blueprint-definition\":\"\",\"flow\":\"{\\\"description\\\":\\\"small\\\",\\\"blueprint-name\\\":\\\"minimal\\\",\\\"interfaces\\\":{\\\"text-completion\\\":{\\\"request\\\":\\\"request:tg/text-completion/m\\\",\\\"response\\\":\\\"response:tg/text-completion/m\\\"},\\\"embeddings\\\":{\\\"request\\\":\\\"request:tg/embeddings/m\\\",\\\"response\\\":\\\"response:tg/embeddings/m\\\"}},\\\"parameters\\\":{\\\"model\\\":\\\"x\\\"}}\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"minimal\",\"flow-id\":\"m\",\"description\":\"small\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"Flow already exists\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"minimal\",\"flow-id\":\"m2\",\"description\":\"small\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"Required parameter 'model' not provided and has no default\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"8\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"flow-id\":\"m2\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"8\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"No blueprint name\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"9\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"nope\",\"flow-id\":\"m2\",\"description\":\"d\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"9\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"Blueprint does not exist\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"10\",\"service\":\"flow\",\"request\":{\"operation\":\"stop-flow\",\"flow-id\":\"m\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"10\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[],\"blueprint-definition\":\"\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"11\",\"service\":\"flow\",\"request\":{\"operation\":\"stop-flow\",\"flow-id\":\"m\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"11\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"Flow ID invalid\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"12\",\"service\":\"flow\",\"request\":{\"operation\":\"get-flow\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"12\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"No flow ID\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"13\",\"service\":\"flow\",\"request\":{\"operation\":\"get-blueprint\",\"blueprint-name\":\"nope\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"13\",\"response\":{\"error\":{\"type\":\"flow-error\",\"message\":\"Blueprint does not exist\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"14\",\"service\":\"flow\",\"request\":{\"operation\":\"put-blueprint\",\"blueprint-name\":\"b\",\"blueprint-definition\":\"{\\\"interfaces\\\":{}}\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"14\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[],\"blueprint-definition\":\"\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"15\",\"service\":\"flow\",\"request\":{\"operation\":\"delete-blueprint\",\"blueprint-name\":\"b\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"15\",\"response\":{\"blueprint-names\":[],\"flow-ids\":[],\"blueprint-definition\":\"\",\"flow\":\"\",\"description\":\"\",\"parameters\":{}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"16\",\"service\":\"flow\",\"request\":{\"operation\":\"frob\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"16\",\"response\":{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_librarian(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"librarian\",\"request\":{\"operation\":\"get-document-metadata\",\"document-id\":\"doc-2\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"document-metadata\":{\"id\":\"doc-2\",\"time\":1764110001,\"kind\":\"text/plain\",\"title\":\"Retrieval notes\",\"comments\":\"\",\"metadata\":[],\"user\":\"trustgraph\",\"tags\":[]}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"librarian\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Null operation\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"librarian\",\"request\":{\"operation\":\"start-processing\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Invalid operation: start-processing\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"librarian\",\"request\":{\"operation\":\"add-document\",\"document-metadata\":{\"id\":\"d\"},\"content\":\"aGVsbG8gd29ybGQ=\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"librarian\",\"request\":{\"operation\":\"add-document\",\"document-metadata\":{\"id\":\"e\"},\"content\":\"aGVsbG8\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"Incorrect padding\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"librarian\",\"request\":{\"operation\":\"stream-document\",\"document-id\":\"d\",\"chunk-size\":4}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"document-id\":\"d\",\"chunk-index\":0,\"total-chunks\":3,\"content\":\"aGVsbA==\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"6\",\"response\":{\"document-id\":\"d\",\"chunk-index\":1,\"total-chunks\":3,\"content\":\"byB3bw==\"},\"complete\":false}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"6\",\"response\":{\"document-id\":\"d\",\"chunk-index\":2,\"total-chunks\":3,\"content\":\"cmxk\"},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"librarian\",\"request\":{\"operation\":\"stream-document\",\"document-id\":\"zz\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Document not found\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"8\",\"service\":\"librarian\",\"request\":{\"operation\":\"begin-upload\",\"document-metadata\":{\"id\":\"u\"},\"total-size\":3,\"chunk-size\":2}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"8\",\"response\":{\"upload-id\":\"upload-1\",\"chunk-size\":2,\"total-chunks\":2},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"9\",\"service\":\"librarian\",\"request\":{\"operation\":\"upload-chunk\",\"upload-id\":\"upload-1\",\"chunk-index\":0,\"content\":\"YWI=\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"9\",\"response\":{\"upload-id\":\"upload-1\",\"chunks-received\":1,\"total-chunks\":2,\"bytes-received\":2,\"total-bytes\":3,\"chunk-index\":0},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"10\",\"service\":\"librarian\",\"request\":{\"operation\":\"add-processing\",\"processing-metadata\":{\"id\":\"p\",\"document-id\":\"d\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"10\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"11\",\"service\":\"librarian\",\"request\":{\"operation\":\"list-processing\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"11\",\"response\":{\"processing-metadatas\":[{\"id\":\"p\",\"document-id\":\"d\"}]},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_knowledge(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"knowledge\",\"request\":{\"operation\":\"list-kg-cores\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"ids\":[\"core-1\"]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"knowledge\",\"request\":{\"operation\":\"get-kg-core\",\"id\":\"nope\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Core not found\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"knowledge\",\"request\":{\"operation\":\"load-kg-core\",\"id\":\"core-1\",\"flow\":\"nope\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Invalid flow\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"knowledge\",\"request\":{\"operation\":\"load-kg-core\",\"id\":\"core-1\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Flow ID must be specified\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"knowledge\",\"request\":{\"operation\":\"put-kg-core\",\"id\":\"c2\",\"triples\":{\"metadata\":{},\"triples\":[{\"s\":{\"t\":\"i\",\"i\":\"x\"},\"p\":{\"t\":\"i\",\"i\":\"y\"},\"o\":{\"t\":\"l\",\"v\":\"z\"}}]}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"knowledge\",\"request\":{\"operation\":\"get-kg-core\",\"id\":\"c2\"}}"), 2);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"triples\":{\"metadata\":{\"id\":\"c2\",\"root\":\"\",\"user\":\"trustgraph\",\"collection\":\"default\"},\"triples\":[{\"s\":{\"t\":\"i\",\"i\":\"x\"},\"p\":{\"t\":\"i\",\"i\":\"y\"},\"o\":{\"t\":\"l\",\"v\":\"z\"}}]}},\"complete\":false}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"6\",\"response\":{\"eos\":true},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"knowledge\",\"request\":{\"operation\":\"delete-kg-core\",\"id\":\"c2\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"8\",\"service\":\"knowledge\",\"request\":{\"operation\":\"delete-kg-core\",\"id\":\"c2\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"8\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Core not found\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"9\",\"service\":\"knowledge\",\"request\":{\"operation\":\"frob\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"9\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Invalid operation: frob\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"10\",\"service\":\"knowledge\",\"request\":{}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"10\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Invalid operation: None\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_gw_collections(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"collection-management\",\"request\":{\"operation\":\"list-collections\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"collections\":[{\"user\":\"trustgraph\",\"collection\":\"default\",\"name\":\"Default\",\"description\":\"Default collection\",\"tags\":[\"default\"]}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"collection-management\",\"request\":{\"operation\":\"update-collection\",\"collection\":\"papers\",\"name\":\"Papers\",\"tags\":[\"research\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"collections\":[{\"user\":\"trustgraph\",\"collection\":\"papers\",\"name\":\"Papers\",\"description\":\"\",\"tags\":[\"research\"]}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"collection-management\",\"request\":{\"operation\":\"list-collections\",\"tag_filter\":[\"research\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"collections\":[{\"user\":\"trustgraph\",\"collection\":\"papers\",\"name\":\"Papers\",\"description\":\"\",\"tags\":[\"research\"]}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"collection-management\",\"request\":{\"operation\":\"list-collections\",\"limit\":1}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"collections\":[{\"user\":\"trustgraph\",\"collection\":\"default\",\"name\":\"Default\",\"description\":\"Default collection\",\"tags\":[\"default\"]}]},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"collection-management\",\"request\":{\"operation\":\"delete-collection\",\"collection\":\"papers\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"collection-management\",\"request\":{\"operation\":\"delete-collection\",\"collection\":\"papers\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Collection not found\"}},\"complete\":true}");
    tg_assert_one_final();
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"collection-management\",\"request\":{\"operation\":\"frob\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{\"error\":{\"type\":\"request-error\",\"message\":\"Invalid collection operation: frob\"}},\"complete\":true}");
    tg_assert_one_final();
}

static void test_spec_global(void **state)
{
    (void)state;
    assert_int_equal(tg_call("{\"id\":\"1\",\"service\":\"config\",\"request\":{\"operation\":\"put\",\"values\":[{\"type\":\"prompt\",\"key\":\"system\",\"value\":{\"t\":1}}]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"1\",\"response\":{\"version\":2}}");
    assert_int_equal(tg_call("{\"id\":\"2\",\"service\":\"config\",\"request\":{\"operation\":\"get\",\"keys\":[{\"type\":\"prompt\",\"key\":\"system\"}]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"2\",\"response\":{\"version\":2,\"values\":[{\"type\":\"prompt\",\"key\":\"system\",\"value\":{\"t\":1}}]}}");
    assert_int_equal(tg_call("{\"id\":\"3\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"prompt\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"3\",\"response\":{\"version\":2,\"directory\":[\"system\"]}}");
    assert_int_equal(tg_call("{\"id\":\"4\",\"service\":\"flow\",\"request\":{\"operation\":\"list-flows\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"4\",\"response\":{\"flow-ids\":[\"default\"]}}");
    assert_int_equal(tg_call("{\"id\":\"5\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"minimal\",\"flow-id\":\"m\",\"description\":\"small\",\"parameters\":{\"model\":\"x\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"5\",\"response\":{\"flow-id\":\"m\"}}");
    assert_int_equal(tg_call("{\"id\":\"6\",\"service\":\"flow\",\"request\":{\"operation\":\"get-flow\",\"flow-id\":\"m\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"6\",\"response\":{\"flow\":{\"description\":\"small\",\"blueprint-name\":\"minimal\",\"interfaces\":{\"text-completion\":{\"request\":\"request:tg/text-completion/m\",\"response\":\"response:tg/text-completion/m\"},\"embeddings\":{\"request\":\"request:tg/embeddings/m\",\"response\":\"response:tg/embeddings/m\"}},\"parameters\":{\"model\":\"x\"}},\"flow-id\":\"m\"}}");
    assert_int_equal(tg_call("{\"id\":\"7\",\"service\":\"flow\",\"request\":{\"operation\":\"stop-flow\",\"flow-id\":\"m\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"7\",\"response\":{}}");
    assert_int_equal(tg_call("{\"id\":\"8\",\"service\":\"librarian\",\"request\":{\"operation\":\"start-processing\",\"processing-metadata\":{\"id\":\"p\",\"document-id\":\"doc-1\"}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"8\",\"response\":{}}");
    assert_int_equal(tg_call("{\"id\":\"9\",\"service\":\"librarian\",\"request\":{\"operation\":\"stop-processing\",\"processing-id\":\"p\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"9\",\"response\":{}}");
    assert_int_equal(tg_call("{\"id\":\"10\",\"service\":\"librarian\",\"request\":{\"operation\":\"update-document\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"10\",\"error\":{\"type\":\"request-error\",\"message\":\"Invalid operation: update-document\"}}");
    assert_int_equal(tg_call("{\"id\":\"11\",\"service\":\"knowledge\",\"request\":{\"operation\":\"put-kg-core\",\"id\":\"c2\",\"triples\":{\"triples\":[{\"s\":{\"t\":\"i\",\"i\":\"x\"},\"p\":{\"t\":\"i\",\"i\":\"y\"},\"o\":{\"t\":\"l\",\"v\":\"5\",\"d\":\"http://www.w3.org/2001/XMLSchema#integer\"}}]},\"graph-embeddings\":{\"entities\":[{\"entity\":{\"t\":\"i\",\"i\":\"x\"},\"vectors\":[[0.5,0.25]]}]}}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"11\",\"response\":{}}");
    assert_int_equal(tg_call("{\"id\":\"12\",\"service\":\"knowledge\",\"request\":{\"operation\":\"get-kg-core\",\"id\":\"c2\"}}"), 3);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"12\",\"response\":{\"triples\":{\"metadata\":{\"id\":\"c2\",\"root\":\"\",\"user\":\"trustgraph\",\"collection\":\"default\"},\"triples\":[{\"s\":{\"t\":\"i\",\"i\":\"x\"},\"p\":{\"t\":\"i\",\"i\":\"y\"},\"o\":{\"t\":\"l\",\"v\":\"5\",\"d\":\"http://www.w3.org/2001/XMLSchema#integer\"}}]},\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(1), "{\"id\":\"12\",\"response\":{\"graph-embeddings\":{\"metadata\":{\"id\":\"c2\",\"root\":\"\",\"user\":\"trustgraph\",\"collection\":\"default\"},\"entities\":[{\"entity\":{\"t\":\"i\",\"i\":\"x\"},\"vectors\":[[0.5,0.25]]}]},\"end-of-stream\":false}}");
    assert_string_equal(tg_frame_at(2), "{\"id\":\"12\",\"response\":{\"end-of-stream\":true}}");
    assert_int_equal(tg_call("{\"id\":\"13\",\"service\":\"collection-management\",\"request\":{\"operation\":\"list-collections\",\"tag-filter\":[\"none\"]}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"13\",\"response\":{\"collections\":[]}}");
    assert_int_equal(tg_call("{\"id\":\"14\",\"service\":\"config\",\"request\":{\"operation\":\"frob\"}}"), 1);
    assert_string_equal(tg_frame_at(0), "{\"id\":\"14\",\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}}");
}

/* Flow records and blueprints travel as JSON text in the gateway and as objects in the
 * document's shape; start-flow makes the new flow's interfaces reachable. */
static void test_flow_record_shapes(void **state)
{
    (void)state;
    tg_call("{\"id\":\"1\",\"service\":\"flow\",\"request\":{\"operation\":\"get-flow\",\"flow-id\":\"default\"}}");
    cJSON *f = cJSON_Parse(tg_frame_at(0));
    const cJSON *text = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "response"), "flow");
    assert_true(cJSON_IsString(text));
    cJSON *flow = cJSON_Parse(text->valuestring);
    assert_string_equal(cJSON_GetObjectItem(flow, "blueprint-name")->valuestring, "default");
    const cJSON *ifs = cJSON_GetObjectItem(flow, "interfaces");
    size_t n;
    const char *const *kinds = tg_flow_kinds(TG_PROFILE_GATEWAY, &n);
    assert_int_equal(cJSON_GetArraySize(ifs), (int)n);
    for (size_t i = 0; i < n; i++)
        assert_non_null(cJSON_GetObjectItemCaseSensitive(ifs, kinds[i]));
    assert_null(cJSON_GetObjectItemCaseSensitive(ifs, "objects"));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ifs, "agent"), "request")->valuestring,
                        "request:tg/agent/default");
    cJSON_Delete(flow);
    cJSON_Delete(f);
}

static void test_spec_config_dump_holds_objects(void **state)
{
    (void)state;
    tg_call("{\"id\":\"1\",\"service\":\"config\",\"request\":{\"operation\":\"config\"}}");
    cJSON *f = cJSON_Parse(tg_frame_at(0));
    const cJSON *r = cJSON_GetObjectItem(f, "response");
    assert_int_equal(cJSON_GetObjectItem(r, "version")->valueint, 1);
    assert_null(cJSON_GetObjectItem(r, "values"));
    const cJSON *flow = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "config"), "flow"), "default");
    assert_true(cJSON_IsObject(flow));
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(flow, "interfaces"), "objects"));
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(flow, "interfaces"), "rows"));
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "config"),
                                                                        "flow-blueprint"), "minimal")));
    cJSON_Delete(f);
}

static void test_gw_kg_core_stream(void **state)
{
    (void)state;
    /* core-1: 12 triples and 5 entities in groups of 5, then eos. */
    assert_int_equal(tg_call("{\"id\":\"k\",\"service\":\"knowledge\",\"request\":{\"operation\":\"get-kg-core\",\"id\":\"core-1\"}}"), 5);
    tg_assert_one_final();
    assert_string_equal(tg_frame_at(4), "{\"id\":\"k\",\"response\":{\"eos\":true},\"complete\":true}");
    cJSON *f = cJSON_Parse(tg_frame_at(3));
    const cJSON *ge = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "response"), "graph-embeddings");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(ge, "entities")), 5);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(ge, "entities"), 0), "vector")), 8);
    cJSON_Delete(f);
    /* load-kg-core adds the core's triples to the store the triples service reads. */
    tg_call("{\"id\":\"p\",\"service\":\"knowledge\",\"request\":{\"operation\":\"put-kg-core\",\"id\":\"c9\",\"triples\":"
            "{\"triples\":[{\"s\":{\"t\":\"i\",\"i\":\"urn:x\"},\"p\":{\"t\":\"i\",\"i\":\"urn:y\"},\"o\":{\"t\":\"l\",\"v\":\"z\"}}]}}}");
    tg_expect1("{\"id\":\"l\",\"service\":\"knowledge\",\"request\":{\"operation\":\"load-kg-core\",\"id\":\"c9\",\"flow\":\"default\"}}",
               "{\"id\":\"l\",\"response\":{},\"complete\":true}");
    tg_expect1("{\"id\":\"t\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"s\":{\"t\":\"i\",\"i\":\"urn:x\"}}}",
               "{\"id\":\"t\",\"response\":{\"response\":[{\"s\":{\"t\":\"i\",\"i\":\"urn:x\"},\"p\":{\"t\":\"i\",\"i\":\"urn:y\"},"
               "\"o\":{\"t\":\"l\",\"v\":\"z\"}}]},\"complete\":true}");
    tg_call("{\"id\":\"u\",\"service\":\"knowledge\",\"request\":{\"operation\":\"unload-kg-core\",\"id\":\"c9\",\"flow\":\"default\"}}");
    tg_expect1("{\"id\":\"t\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"s\":{\"t\":\"i\",\"i\":\"urn:x\"}}}",
               "{\"id\":\"t\",\"response\":{\"response\":[]},\"complete\":true}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gw_config, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_flow, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_librarian, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_knowledge, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_collections, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_flow_record_shapes, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_gw_kg_core_stream, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_global, spec_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_config_dump_holds_objects, spec_setup, tg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

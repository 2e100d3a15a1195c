#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trustgraph/tg_flows.h"
#include "trustgraph/tg_text.h"
#include "trustgraph/tg_world.h"

static void assert_json(const cJSON *j, const char *expected)
{
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, expected);
    cJSON_free(text);
}

static void test_config_versions_and_order(void **state)
{
    (void)state;
    mock_tg_config c;
    assert_int_equal(mock_tg_config_init(&c), 0);
    assert_int_equal(c.version, 0);
    assert_int_equal(mock_tg_config_set(&c, "prompt", "b", "{\"x\":1}"), 0);
    assert_int_equal(mock_tg_config_set(&c, "prompt", "a", "1"), 0);
    assert_int_equal(mock_tg_config_set(&c, "agent", "z", "2"), 0);
    assert_int_equal(mock_tg_config_bump(&c), 1);
    assert_string_equal(mock_tg_config_get(&c, "prompt", "b"), "{\"x\":1}");
    assert_null(mock_tg_config_get(&c, "prompt", "c"));
    assert_null(mock_tg_config_get(&c, "nope", "a"));
    cJSON *keys = mock_tg_config_keys(&c, "prompt");
    assert_json(keys, "[\"a\",\"b\"]");
    cJSON_Delete(keys);
    cJSON *vals = mock_tg_config_values(&c, "prompt");
    assert_json(vals, "[{\"type\":\"prompt\",\"key\":\"a\",\"value\":\"1\"},"
                      "{\"type\":\"prompt\",\"key\":\"b\",\"value\":\"{\\\"x\\\":1}\"}]");
    cJSON_Delete(vals);
    assert_int_equal(mock_tg_config_set(&c, "prompt", "a", "3"), 0);
    assert_string_equal(mock_tg_config_get(&c, "prompt", "a"), "3");
    assert_true(mock_tg_config_remove(&c, "agent", "z"));
    assert_false(mock_tg_config_remove(&c, "agent", "z"));
    assert_int_equal(mock_tg_config_bump(&c), 2);
    cJSON *dump = mock_tg_config_dump(&c);
    assert_json(dump, "{\"prompt\":{\"a\":\"3\",\"b\":\"{\\\"x\\\":1}\"}}");
    cJSON_Delete(dump);
    keys = mock_tg_config_keys(&c, "agent");
    assert_json(keys, "[]");
    cJSON_Delete(keys);
    /* Parsed values are kept until a change. */
    const cJSON *j = mock_tg_config_get_json(&c, "prompt", "b");
    assert_json(j, "{\"x\":1}");
    assert_ptr_equal(mock_tg_config_get_json(&c, "prompt", "b"), j);
    assert_int_equal(mock_tg_config_set(&c, "prompt", "b", "{\"x\":2}"), 0);
    assert_json(mock_tg_config_get_json(&c, "prompt", "b"), "{\"x\":2}");
    assert_json(mock_tg_config_get_json(&c, "prompt", "a"), "3");
    assert_true(mock_tg_config_remove(&c, "prompt", "a"));
    assert_null(mock_tg_config_get_json(&c, "prompt", "a"));
    assert_int_equal(mock_tg_config_set(&c, "prompt", "t", "not json"), 0);
    assert_null(mock_tg_config_get_json(&c, "prompt", "t"));
    mock_tg_config_free(&c);
}

/* Raw number items (exact text) carry no valuedouble until printed and parsed again. */
static cJSON *reparse(cJSON *j)
{
    char *text = cJSON_PrintUnformatted(j);
    cJSON *back = cJSON_Parse(text);
    cJSON_free(text);
    cJSON_Delete(j);
    return back;
}

static const char *const kinds[] = { "agent", "text-completion", "triples" };

static void test_flows_start_stop_and_reachability(void **state)
{
    (void)state;
    mock_tg_config c;
    char err[160];
    mock_tg_config_init(&c);
    assert_int_equal(mock_tg_flows_seed(&c, kinds, 3), 0);
    assert_int_equal(c.version, 1);
    assert_true(mock_tg_flows_running(&c, "default"));
    assert_true(mock_tg_flows_has_kind(&c, "default", "agent"));
    assert_false(mock_tg_flows_has_kind(&c, "default", "embeddings"));
    assert_false(mock_tg_flows_has_kind(&c, "nope", "agent"));
    assert_string_equal(mock_tg_flows_flow(&c, "default"),
        "{\"description\":\"Default processing flow\",\"blueprint-name\":\"default\",\"interfaces\":{"
        "\"agent\":{\"request\":\"request:tg/agent/default\",\"response\":\"response:tg/agent/default\"},"
        "\"text-completion\":{\"request\":\"request:tg/text-completion/default\",\"response\":\"response:tg/text-completion/default\"},"
        "\"triples\":{\"request\":\"request:tg/triples/default\",\"response\":\"response:tg/triples/default\"}},"
        "\"parameters\":{\"model\":\"mock-llm\"}}");

    assert_int_equal(mock_tg_flows_start(&c, NULL, "f", "d", NULL, err, sizeof err), -1);
    assert_string_equal(err, "No blueprint name");
    assert_int_equal(mock_tg_flows_start(&c, "default", NULL, "d", NULL, err, sizeof err), -1);
    assert_string_equal(err, "No flow ID");
    assert_int_equal(mock_tg_flows_start(&c, "default", "default", "d", NULL, err, sizeof err), -1);
    assert_string_equal(err, "Flow already exists");
    assert_int_equal(mock_tg_flows_start(&c, "default", "f2", NULL, NULL, err, sizeof err), -1);
    assert_string_equal(err, "No description");
    assert_int_equal(mock_tg_flows_start(&c, "nope", "f2", "d", NULL, err, sizeof err), -1);
    assert_string_equal(err, "Blueprint does not exist");
    assert_int_equal(mock_tg_flows_start(&c, "minimal", "f2", "d", NULL, err, sizeof err), -1);
    assert_string_equal(err, "Required parameter 'model' not provided and has no default");
    assert_int_equal(c.version, 1);

    cJSON *params = cJSON_Parse("{\"model\":\"m2\"}");
    assert_int_equal(mock_tg_flows_start(&c, "minimal", "f2", "small", params, err, sizeof err), 0);
    cJSON_Delete(params);
    assert_int_equal(c.version, 2);
    assert_true(mock_tg_flows_has_kind(&c, "f2", "embeddings"));
    assert_false(mock_tg_flows_has_kind(&c, "f2", "agent"));
    assert_int_equal(mock_tg_flows_stop(&c, "f2", err, sizeof err), 0);
    assert_int_equal(c.version, 3);
    assert_false(mock_tg_flows_running(&c, "f2"));
    assert_int_equal(mock_tg_flows_stop(&c, "f2", err, sizeof err), -1);
    assert_string_equal(err, "Flow ID invalid");
    assert_int_equal(mock_tg_flows_stop(&c, NULL, err, sizeof err), -1);
    assert_string_equal(err, "No flow ID");

    assert_int_equal(mock_tg_flows_put_blueprint(&c, "bp", "{\"interfaces\":{\"agent\":\"q:{id}\"}}", err, sizeof err), 0);
    assert_int_equal(mock_tg_flows_start(&c, "bp", "f3", "x", NULL, err, sizeof err), 0);
    assert_string_equal(mock_tg_flows_flow(&c, "f3"),
        "{\"description\":\"x\",\"blueprint-name\":\"bp\",\"interfaces\":{\"agent\":\"q:f3\"},\"parameters\":{}}");
    assert_int_equal(mock_tg_flows_put_blueprint(&c, "bp", "[1]", err, sizeof err), -1);
    assert_string_equal(err, "Blueprint definition must be a JSON object");
    assert_int_equal(mock_tg_flows_put_blueprint(&c, NULL, "{}", err, sizeof err), -1);
    assert_string_equal(err, "No blueprint name");
    assert_int_equal(mock_tg_flows_delete_blueprint(&c, "bp", err, sizeof err), 0);
    assert_int_equal(mock_tg_flows_delete_blueprint(&c, "bp", err, sizeof err), -1);
    assert_string_equal(err, "Blueprint does not exist");
    assert_null(mock_tg_flows_blueprint(&c, "bp"));
    mock_tg_config_free(&c);
}

static cJSON *iri(const char *s)
{
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "t", "i");
    cJSON_AddStringToObject(t, "i", s);
    return t;
}

static void test_triples_query_by_pattern_and_limit(void **state)
{
    (void)state;
    mock_tg_triples t;
    assert_int_equal(mock_tg_triples_init(&t), 0);
    assert_int_equal(cJSON_GetArraySize(t.triples), 12);
    cJSON *all = mock_tg_triples_query(&t, NULL, NULL, NULL, -1);
    assert_int_equal(cJSON_GetArraySize(all), 12);
    cJSON_Delete(all);
    cJSON *s = iri(MOCK_TG_NS "alice");
    cJSON *r = mock_tg_triples_query(&t, s, NULL, NULL, -1);
    assert_json(r, "[{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/alice\"},"
                   "\"p\":{\"t\":\"i\",\"i\":\"http://www.w3.org/2000/01/rdf-schema#label\"},"
                   "\"o\":{\"t\":\"l\",\"v\":\"Alice\"}},"
                   "{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/alice\"},"
                   "\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/knows\"},"
                   "\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"}},"
                   "{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/alice\"},"
                   "\"p\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/worksOn\"},"
                   "\"o\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/trustgraph\"}}]");
    cJSON_Delete(r);
    r = mock_tg_triples_query(&t, s, NULL, NULL, 1);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    cJSON_Delete(r);
    cJSON *p = iri(MOCK_TG_RDFS_LABEL);
    r = mock_tg_triples_query(&t, NULL, p, NULL, -1);
    assert_int_equal(cJSON_GetArraySize(r), 5);
    cJSON_Delete(r);
    cJSON *o = cJSON_Parse("{\"t\":\"l\",\"v\":\"42\",\"dt\":\"http://www.w3.org/2001/XMLSchema#integer\"}");
    r = mock_tg_triples_query(&t, NULL, NULL, o, -1);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    cJSON_Delete(r);
    cJSON *plain = cJSON_Parse("{\"t\":\"l\",\"v\":\"42\"}");
    r = mock_tg_triples_query(&t, NULL, NULL, plain, -1);
    assert_int_equal(cJSON_GetArraySize(r), 0);   /* datatype is part of a literal's identity */
    cJSON_Delete(r);
    cJSON *e = mock_tg_triples_entities(&t);
    assert_json(e, "[\"http://trustgraph.ai/e/trustgraph\",\"http://trustgraph.ai/e/graph-db\","
                   "\"http://trustgraph.ai/e/alice\",\"http://trustgraph.ai/e/bob\",\"http://trustgraph.ai/e/carol\"]");
    cJSON_Delete(e);
    cJSON *tr = cJSON_CreateObject();
    cJSON_AddItemToObject(tr, "s", cJSON_Duplicate(s, 1));
    cJSON_AddItemToObject(tr, "p", cJSON_Duplicate(p, 1));
    cJSON_AddItemToObject(tr, "o", cJSON_Duplicate(plain, 1));
    assert_true(mock_tg_triples_add(&t, tr));
    assert_false(mock_tg_triples_add(&t, tr));
    assert_int_equal(cJSON_GetArraySize(t.triples), 13);
    assert_true(mock_tg_triples_remove(&t, tr));
    assert_false(mock_tg_triples_remove(&t, tr));
    cJSON_Delete(tr);
    cJSON_Delete(s);
    cJSON_Delete(p);
    cJSON_Delete(o);
    cJSON_Delete(plain);
    mock_tg_triples_free(&t);
}

static void test_knowledge_cores_stream_load_unload(void **state)
{
    (void)state;
    mock_tg_knowledge k;
    mock_tg_triples t = { .triples = cJSON_CreateArray() };
    char err[128];
    assert_int_equal(mock_tg_knowledge_init(&k, 1, 4), 0);
    cJSON *ids = mock_tg_knowledge_list(&k, "trustgraph");
    assert_json(ids, "[\"core-1\"]");
    cJSON_Delete(ids);
    ids = mock_tg_knowledge_list(&k, "other");
    assert_json(ids, "[]");
    cJSON_Delete(ids);
    const cJSON *core = mock_tg_knowledge_get(&k, "trustgraph", "core-1");
    assert_non_null(core);
    cJSON *frames = mock_tg_knowledge_stream(core, NULL, 5);
    /* 12 triples in groups of 5 (3 frames), then 5 entities (1 frame). */
    assert_int_equal(cJSON_GetArraySize(frames), 4);
    cJSON *f0 = cJSON_GetArrayItem(frames, 0);
    assert_json(cJSON_GetObjectItem(cJSON_GetObjectItem(f0, "triples"), "metadata"),
                "{\"id\":\"core-1\",\"root\":\"\",\"user\":\"trustgraph\",\"collection\":\"default\"}");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(f0, "triples"), "triples")), 5);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(frames, 2), "triples"), "triples")), 2);
    cJSON *ge = cJSON_GetObjectItem(cJSON_GetArrayItem(frames, 3), "graph-embeddings");
    cJSON *e0 = cJSON_GetArrayItem(cJSON_GetObjectItem(ge, "entities"), 0);
    cJSON *expect = mock_tg_embedding_json(1, "http://trustgraph.ai/e/trustgraph", 4);
    assert_true(cJSON_Compare(cJSON_GetObjectItem(e0, "vector"), expect, true));
    assert_json(cJSON_GetObjectItem(e0, "entity"), "{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/trustgraph\"}");
    cJSON_Delete(expect);
    cJSON_Delete(frames);

    assert_int_equal(mock_tg_knowledge_load(&k, &t, NULL, "core-1", NULL, false, false, err, sizeof err), -1);
    assert_string_equal(err, "Flow ID must be specified");
    assert_int_equal(mock_tg_knowledge_load(&k, &t, NULL, "core-1", "nope", false, false, err, sizeof err), -1);
    assert_string_equal(err, "Invalid flow");
    assert_int_equal(mock_tg_knowledge_load(&k, &t, NULL, NULL, "default", true, false, err, sizeof err), -1);
    assert_string_equal(err, "Core ID must be specified");
    assert_int_equal(mock_tg_knowledge_load(&k, &t, NULL, "core-9", "default", true, false, err, sizeof err), -1);
    assert_string_equal(err, "Core not found");
    assert_int_equal(mock_tg_knowledge_load(&k, &t, NULL, "core-1", "default", true, false, err, sizeof err), 0);
    assert_int_equal(cJSON_GetArraySize(t.triples), 12);
    assert_int_equal(mock_tg_knowledge_load(&k, &t, NULL, "core-1", "default", true, true, err, sizeof err), 0);
    assert_int_equal(cJSON_GetArraySize(t.triples), 0);

    cJSON *tr = cJSON_Parse("[{\"s\":{\"t\":\"i\",\"i\":\"x\"},\"p\":{\"t\":\"i\",\"i\":\"y\"},\"o\":{\"t\":\"l\",\"v\":\"z\"}}]");
    assert_int_equal(mock_tg_knowledge_put(&k, "u", "c2", tr, NULL, err, sizeof err), 0);
    assert_int_equal(mock_tg_knowledge_put(&k, "u", "c2", tr, NULL, err, sizeof err), 0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(mock_tg_knowledge_get(&k, "u", "c2"), "triples")), 1);
    assert_int_equal(mock_tg_knowledge_put(&k, "u", "", tr, NULL, err, sizeof err), -1);
    assert_string_equal(err, "Core ID must be specified");
    cJSON_Delete(tr);
    assert_int_equal(mock_tg_knowledge_delete(&k, "u", "c2", err, sizeof err), 0);
    assert_int_equal(mock_tg_knowledge_delete(&k, "u", "c2", err, sizeof err), -1);
    assert_string_equal(err, "Core not found");
    mock_tg_triples_free(&t);
    mock_tg_knowledge_free(&k);
}

static void test_collections_filter_limit_update_delete(void **state)
{
    (void)state;
    mock_tg_collections c;
    char err[64];
    assert_int_equal(mock_tg_collections_init(&c), 0);
    cJSON *l = mock_tg_collections_list(&c, "trustgraph", NULL, -1);
    assert_json(l, "[{\"user\":\"trustgraph\",\"collection\":\"default\",\"name\":\"Default\","
                   "\"description\":\"Default collection\",\"tags\":[\"default\"]}]");
    cJSON_Delete(l);
    cJSON *tags = cJSON_Parse("[\"research\"]");
    assert_int_equal(mock_tg_collections_update(&c, "trustgraph", "papers", "Papers", NULL, tags, err, sizeof err), 0);
    l = mock_tg_collections_list(&c, "trustgraph", tags, -1);
    assert_json(l, "[{\"user\":\"trustgraph\",\"collection\":\"papers\",\"name\":\"Papers\","
                   "\"description\":\"\",\"tags\":[\"research\"]}]");
    cJSON_Delete(l);
    l = mock_tg_collections_list(&c, "trustgraph", NULL, 1);
    assert_int_equal(cJSON_GetArraySize(l), 1);
    cJSON_Delete(l);
    assert_int_equal(mock_tg_collections_update(&c, "trustgraph", "papers", NULL, "All papers", NULL, err, sizeof err), 0);
    l = mock_tg_collections_list(&c, "trustgraph", tags, -1);
    assert_json(l, "[{\"user\":\"trustgraph\",\"collection\":\"papers\",\"name\":\"Papers\","
                   "\"description\":\"All papers\",\"tags\":[\"research\"]}]");
    cJSON_Delete(l);
    cJSON_Delete(tags);
    assert_int_equal(mock_tg_collections_update(&c, "trustgraph", "", NULL, NULL, NULL, err, sizeof err), -1);
    assert_string_equal(err, "Collection must be specified");
    assert_int_equal(mock_tg_collections_delete(&c, "trustgraph", "papers", err, sizeof err), 0);
    assert_int_equal(mock_tg_collections_delete(&c, "trustgraph", "papers", err, sizeof err), -1);
    assert_string_equal(err, "Collection not found");
    l = mock_tg_collections_list(&c, "nobody", NULL, -1);
    assert_json(l, "[]");
    cJSON_Delete(l);
    mock_tg_collections_free(&c);
}

static void test_world_and_rank(void **state)
{
    (void)state;
    mock_tg_world w;
    assert_int_equal(mock_tg_world_init(&w, 1, NULL, kinds, 3), 0);
    assert_int_equal(w.opts.chunks, 3);
    assert_int_equal(w.opts.dim, 8);
    assert_true(mock_tg_flows_has_kind(&w.config, "default", "triples"));
    int64_t q[8];
    mock_tg_embedding_micro(1, "hello", 8, q);
    cJSON *names = mock_tg_triples_entities(&w.triples);
    cJSON *r = reparse(mock_tg_rank(1, q, 8, names, 2));
    assert_int_equal(cJSON_GetArraySize(r), 2);
    double s0 = cJSON_GetObjectItem(cJSON_GetArrayItem(r, 0), "score")->valuedouble;
    double s1 = cJSON_GetObjectItem(cJSON_GetArrayItem(r, 1), "score")->valuedouble;
    assert_true(s0 >= s1);
    cJSON_Delete(r);
    r = reparse(mock_tg_rank(1, q, 8, names, -1));
    assert_int_equal(cJSON_GetArraySize(r), 5);
    /* alice's score from the definition (cosine rounded to 10^-6). */
    const cJSON *x;
    int seen = 0;
    cJSON_ArrayForEach(x, r) {
        if (strcmp(cJSON_GetObjectItem(x, "name")->valuestring, "http://trustgraph.ai/e/alice") == 0) {
            assert_true(cJSON_GetObjectItem(x, "score")->valuedouble == -0.545687);
            seen = 1;
        }
    }
    assert_true(seen);
    cJSON_Delete(r);
    cJSON_Delete(names);
    mock_tg_world_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_versions_and_order),
        cmocka_unit_test(test_flows_start_stop_and_reachability),
        cmocka_unit_test(test_triples_query_by_pattern_and_limit),
        cmocka_unit_test(test_knowledge_cores_stream_load_unload),
        cmocka_unit_test(test_collections_filter_limit_update_delete),
        cmocka_unit_test(test_world_and_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

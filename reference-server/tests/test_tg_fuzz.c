/* Hostile frames: seeded mutations of valid requests (byte flips, cuts, insertions,
 * duplicated keys) in both profiles. Every frame must get at least one answer frame, every
 * answer must be a JSON object, and exactly the last answer frame is final: gateway
 * "complete": true; spec an error, "end-of-stream": true, or no "end-of-stream" at all.
 * Under ASan this also checks memory safety. */
#include "tg_harness.h"

#include "rng.h"

static const char *const seeds[] = {
    "{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"q\",\"streaming\":true}}",
    "{\"id\":\"b\",\"service\":\"config\",\"request\":{\"operation\":\"put\",\"values\":[{\"type\":\"t\",\"key\":\"k\",\"value\":\"v\"}]}}",
    "{\"id\":\"c\",\"service\":\"flow\",\"request\":{\"operation\":\"start-flow\",\"blueprint-name\":\"default\",\"flow-id\":\"f\",\"description\":\"d\"}}",
    "{\"id\":\"d\",\"service\":\"triples\",\"flow\":\"default\",\"request\":{\"s\":{\"t\":\"i\",\"i\":\"http://trustgraph.ai/e/bob\"},\"streaming\":true,\"batch-size\":2}}",
    "{\"id\":\"e\",\"service\":\"librarian\",\"request\":{\"operation\":\"begin-upload\",\"document-metadata\":{\"id\":\"x\"},\"total-size\":4,\"chunk-size\":1}}",
    "{\"id\":\"f\",\"service\":\"knowledge\",\"request\":{\"operation\":\"get-kg-core\",\"id\":\"core-1\"}}",
    "{\"id\":\"g\",\"service\":\"sparql\",\"flow\":\"default\",\"request\":{\"query\":\"SELECT * WHERE { ?s ?p ?o }\",\"streaming\":true}}",
    "{\"id\":\"h\",\"service\":\"graph-embeddings\",\"flow\":\"default\",\"request\":{\"vector\":[0.1,0.2],\"limit\":3}}",
    "{\"id\":\"i\",\"service\":\"prompt\",\"flow\":\"default\",\"request\":{\"id\":\"x-json\",\"variables\":{\"a\":[1,{}]}}}",
    "{\"id\":\"j\",\"service\":\"collection-management\",\"request\":{\"operation\":\"update-collection\",\"collection\":\"c\",\"tags\":[1]}}",
    "{\"id\":\"k\",\"service\":\"objects\",\"flow\":\"default\",\"request\":{\"query\":\"{ customers { name } }\"}}",
    "{\"id\":\"l\",\"service\":\"structured-diag\",\"flow\":\"default\",\"request\":{\"operation\":\"diagnose\",\"sample\":\"<x>\"}}",
};

static const char alphabet[] = "{}[]\":,0123456789-.eEtrufalsn \\abcxyz\xc3\xa9";

static size_t mutate(uint64_t *z, const char *src, char *dst, size_t cap)
{
    size_t n = strlen(src);
    memcpy(dst, src, n);
    int edits = 1 + (int)((*z = mock_splitmix64(*z)) % 4);
    for (int e = 0; e < edits; e++) {
        uint64_t r = (*z = mock_splitmix64(*z));
        size_t at = n ? (size_t)(r >> 8) % n : 0;
        switch (r % 4) {
        case 0:   /* replace a byte */
            if (n)
                dst[at] = alphabet[(r >> 40) % (sizeof alphabet - 1)];
            break;
        case 1:   /* cut the tail */
            n = at;
            break;
        case 2:   /* insert a byte */
            if (n + 1 < cap) {
                memmove(dst + at + 1, dst + at, n - at);
                dst[at] = alphabet[(r >> 40) % (sizeof alphabet - 1)];
                n++;
            }
            break;
        default:  /* repeat a slice */
            if (n && n * 2 < cap) {
                size_t len = 1 + (size_t)(r >> 24) % (n - at);
                memmove(dst + at + len, dst + at, n - at);
                n += len;
            }
            break;
        }
    }
    return n;
}

static void run(tg_profile p)
{
    static char buf[4096];
    uint64_t z = 12345 + (uint64_t)p;
    for (int i = 0; i < 6000; i++) {
        const char *src = seeds[i % (int)(sizeof seeds / sizeof *seeds)];
        /* The first round sends the seeds as they are: valid streams obey the rule too. */
        size_t n = i < (int)(sizeof seeds / sizeof *seeds) ? strlen(strcpy(buf, src)) : mutate(&z, src, buf, sizeof buf);
        tg_out_free(&tgo);
        assert_int_equal(tg_handle(&tgw, p, buf, n, &tgo), 0);
        assert_true(tgo.count >= 1);
        for (size_t k = 0; k < tgo.count; k++) {
            cJSON *j = cJSON_Parse(tgo.msgs[k].text);
            assert_true(cJSON_IsObject(j));
            if (p == TG_PROFILE_GATEWAY) {
                const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "complete");
                assert_true(cJSON_IsBool(c));
                assert_int_equal(cJSON_IsTrue(c), k + 1 == tgo.count);
            } else {
                const cJSON *r = cJSON_GetObjectItemCaseSensitive(j, "response");
                const cJSON *eos = cJSON_GetObjectItemCaseSensitive(r, "end-of-stream");
                bool final = cJSON_GetObjectItemCaseSensitive(j, "error") || !eos || cJSON_IsTrue(eos);
                assert_int_equal(final, k + 1 == tgo.count);
            }
            cJSON_Delete(j);
        }
    }
}

static void test_gateway_mutations(void **state)
{
    (void)state;
    run(TG_PROFILE_GATEWAY);
}

static void test_spec_mutations(void **state)
{
    (void)state;
    run(TG_PROFILE_SPEC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gateway_mutations, gw_setup, tg_teardown),
        cmocka_unit_test_setup_teardown(test_spec_mutations, spec_setup, tg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

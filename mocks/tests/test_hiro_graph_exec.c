#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_graph_exec.h"
#include "rng.h"

static const hiro_actor WHO = { "alice@x", "app", "scope-1", NULL, 1764110000000 };

/* Parses text as a request and carries it out. */
static void exec(hiro_store *s, const char *text, hiro_graph_result *r)
{
    hiro_graph_req req;
    hiro_status st = { 0 };
    if (hiro_graph_req_parse(text, strlen(text), &req, &st) != 0)
        fail_msg("%s: %s", text, st.message);
    hiro_graph_execute(s, &req, &WHO, r);
    hiro_graph_req_free(&req);
}

static void expect_error(hiro_store *s, const char *text, int code, const char *message)
{
    hiro_graph_result r;
    exec(s, text, &r);
    if (r.kind != HIRO_GR_ERROR)
        fail_msg("%s: no error", text);
    assert_int_equal(r.error.code, code);
    if (message && strcmp(r.error.message, message) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", text, r.error.message, message);
    assert_null(r.event);
    assert_null(r.body);
    hiro_graph_result_free(&r);
}

/* Creates a vertex through the API and returns its id (caller frees). */
static char *create(hiro_store *s, const char *type, const char *body)
{
    char text[512];
    snprintf(text, sizeof text, "{\"id\":\"c\",\"type\":\"create\",\"headers\":{\"ogit/_type\":\"%s\"},\"body\":%s}",
             type, body);
    hiro_graph_result r;
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_non_null(r.event);
    assert_int_equal(r.event->type, HIRO_EV_CREATE);
    char *id = strdup(cJSON_GetObjectItem(r.body, "ogit/_id")->valuestring);
    hiro_graph_result_free(&r);
    return id;
}

static void test_vertex_lifecycle(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(1);
    char *id = create(s, "ogit/Question", "{\"ogit/name\":\"q\",\"/n\":1}");
    char text[512];
    hiro_graph_result r;
    snprintf(text, sizeof text, "{\"id\":1,\"type\":\"get\",\"headers\":{\"ogit/_id\":\"%s\"}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_string_equal(cJSON_GetObjectItem(r.body, "ogit/name")->valuestring, "q");
    assert_null(r.event);
    hiro_graph_result_free(&r);
    /* parameters from the body work too */
    snprintf(text, sizeof text, "{\"id\":1,\"type\":\"get\",\"body\":{\"ogit/_id\":\"%s\"}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    hiro_graph_result_free(&r);

    snprintf(text, sizeof text, "{\"id\":2,\"type\":\"update\",\"headers\":{\"ogit/_id\":\"%s\"},\"body\":{\"/n\":2}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_true(cJSON_GetObjectItem(r.body, "/n")->valuedouble == 2);
    assert_int_equal(r.event->type, HIRO_EV_UPDATE);
    hiro_graph_result_free(&r);

    snprintf(text, sizeof text, "{\"id\":3,\"type\":\"replace\",\"headers\":{\"ogit/_id\":\"%s\"},\"body\":{\"/m\":3}}", id);
    exec(s, text, &r);
    assert_null(cJSON_GetObjectItem(r.body, "/n"));
    assert_int_equal(r.event->type, HIRO_EV_REPLACE);
    hiro_graph_result_free(&r);
    exec(s, "{\"id\":3,\"type\":\"replace\",\"headers\":{\"ogit/_id\":\"made\",\"createIfNotExists\":\"true\","
            "\"ogit/_type\":\"ogit/Note\"},\"body\":{}}", &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_int_equal(r.event->type, HIRO_EV_CREATE);
    hiro_graph_result_free(&r);
    expect_error(s, "{\"id\":3,\"type\":\"replace\",\"headers\":{\"ogit/_id\":\"absent\",\"ogit/_type\":\"x\"}}", 404,
                 "not found: absent");

    snprintf(text, sizeof text, "{\"id\":4,\"type\":\"history\",\"headers\":{\"ogit/_id\":\"%s\",\"offset\":1,\"limit\":\"1\"}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    assert_int_equal(cJSON_GetArraySize(r.body), 1);
    assert_true(cJSON_GetObjectItem(cJSON_GetArrayItem(r.body, 0), "ogit/_v")->valuedouble == 2);
    hiro_graph_result_free(&r);
    snprintf(text, sizeof text, "{\"id\":4,\"type\":\"history\",\"headers\":{\"ogit/_id\":\"%s\",\"type\":\"diff\"}}", id);
    expect_error(s, text, 400, "history type \"diff\" is not supported (element)");

    snprintf(text, sizeof text, "{\"id\":5,\"type\":\"meta\",\"headers\":{\"ogit/_id\":\"%s\"}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_non_null(cJSON_GetObjectItem(r.body, "ogit/_v"));
    assert_null(cJSON_GetObjectItem(r.body, "/m"));
    hiro_graph_result_free(&r);

    snprintf(text, sizeof text, "{\"id\":6,\"type\":\"delete\",\"headers\":{\"ogit/_id\":\"%s\"}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_int_equal(r.event->type, HIRO_EV_DELETE);
    hiro_graph_result_free(&r);
    expect_error(s, text, 404, NULL);
    snprintf(text, sizeof text, "{\"id\":1,\"type\":\"get\",\"headers\":{\"ogit/_id\":\"%s\",\"includeDeleted\":true}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    hiro_graph_result_free(&r);
    snprintf(text, sizeof text, "{\"id\":1,\"type\":\"get\",\"headers\":{\"ogit/_id\":\"%s\",\"includeDeleted\":false}}", id);
    expect_error(s, text, 404, NULL); /* false = unset */

    expect_error(s, "{\"id\":1,\"type\":\"get\",\"headers\":{}}", 400, "missing parameter ogit/_id");
    expect_error(s, "{\"id\":1,\"type\":\"create\",\"body\":{\"/a\":1}}", 400, "missing parameter ogit/_type");
    expect_error(s, "{\"id\":1,\"type\":\"update\",\"headers\":{\"ogit/_id\":\"nope\"},\"body\":{}}", 404, "not found: nope");
    free(id);
    hiro_store_free(s);
}

static void test_connect_and_queries(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(2);
    char *a = create(s, "ogit/Person", "{\"/name\":\"a\"}");
    char *b = create(s, "ogit/Question", "{\"/name\":\"b\"}");
    char *c = create(s, "ogit/Question", "{\"/name\":\"c\"}");
    char text[512];
    hiro_graph_result r;
    snprintf(text, sizeof text, "{\"id\":\"k\",\"type\":\"connect\",\"headers\":{\"ogit/_type\":\"ogit/created\"},"
                                "\"body\":{\"out\":\"%s\",\"in\":\"%s\"}}", a, b);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_int_equal(r.event->type, HIRO_EV_CONNECT);
    hiro_graph_result_free(&r);
    expect_error(s, text, 409, NULL);
    expect_error(s, "{\"id\":\"k\",\"type\":\"connect\",\"headers\":{\"ogit/_type\":\"v\"},\"body\":{\"out\":\"x\"}}", 400,
                 "connect needs body {\"out\": <id>, \"in\": <id>}");

    exec(s, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},"
            "\"body\":{\"query\":\"ogit\\\\/_type:$t\",\"t\":\"ogit/Question\",\"order\":\"/name desc\",\"limit\":-1}}", &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    assert_int_equal(cJSON_GetArraySize(r.body), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(r.body, 0), "/name")->valuestring, "c");
    hiro_graph_result_free(&r);
    exec(s, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},"
            "\"body\":{\"query\":\"*:*\",\"count\":\"true\"}}", &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_true(cJSON_IsNumber(r.body) && r.body->valuedouble == 3);
    hiro_graph_result_free(&r);
    exec(s, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},\"body\":{\"query\":\"/name:zzz\"}}", &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    assert_int_equal(cJSON_GetArraySize(r.body), 0); /* an empty list, still a list */
    hiro_graph_result_free(&r);
    snprintf(text, sizeof text, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"ids\"},\"body\":{\"query\":\"%s,%s\"}}", c, a);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    assert_int_equal(cJSON_GetArraySize(r.body), 2);
    hiro_graph_result_free(&r);
    snprintf(text, sizeof text, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"gremlin\"},"
                                "\"body\":{\"root\":\"%s\",\"query\":\"outE().inV()\"}}", a);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    assert_int_equal(cJSON_GetArraySize(r.body), 1);
    hiro_graph_result_free(&r);
    expect_error(s, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"values\"},\"body\":{}}", 400,
                 "unknown query type \"values\" (vertices, ids, gremlin)");
    expect_error(s, "{\"id\":\"q\",\"type\":\"query\",\"body\":{\"query\":\"*:*\"}}", 400, "missing parameter type");
    expect_error(s, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},\"body\":{\"query\":\"x\"}}", 400,
                 "query: at 1: a term needs a field: field:value");
    expect_error(s, "{\"id\":\"q\",\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},"
                    "\"body\":{\"query\":\"*:*\",\"limit\":\"many\"}}", 400, "parameter limit must be an integer");
    free(a);
    free(b);
    free(c);
    hiro_store_free(s);
}

static void test_values_content_me(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(3);
    char *id = create(s, "ogit/Timeseries", "{}");
    char text[512];
    hiro_graph_result r;
    snprintf(text, sizeof text, "{\"id\":\"w\",\"type\":\"writets\",\"headers\":{\"ogit/_id\":\"%s\"},"
                                "\"body\":{\"items\":[{\"timestamp\":1,\"value\":\"a\"},{\"timestamp\":2,\"value\":\"b\"},"
                                "{\"timestamp\":3,\"value\":\"c\"}]}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_int_equal(r.event->type, HIRO_EV_WRITE_TIMESERIES);
    hiro_graph_result_free(&r);
    /* the JS client's streamts headers: false means unset */
    snprintf(text, sizeof text, "{\"id\":\"s\",\"type\":\"streamts\",\"headers\":{\"ogit/_id\":\"%s\",\"from\":false,"
                                "\"to\":false,\"limit\":2,\"includeDeleted\":false,\"with\":[],\"order\":\"desc\"}}", id);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    char *t = cJSON_PrintUnformatted(r.body);
    assert_string_equal(t, "[{\"timestamp\":3,\"value\":\"c\"},{\"timestamp\":2,\"value\":\"b\"}]");
    free(t);
    hiro_graph_result_free(&r);
    snprintf(text, sizeof text, "{\"id\":\"s\",\"type\":\"streamts\",\"headers\":{\"ogit/_id\":\"%s\",\"from\":\"2\",\"to\":3}}", id);
    exec(s, text, &r);
    assert_int_equal(cJSON_GetArraySize(r.body), 1);
    hiro_graph_result_free(&r);
    snprintf(text, sizeof text, "{\"id\":\"s\",\"type\":\"streamts\",\"headers\":{\"ogit/_id\":\"%s\",\"order\":\"up\"}}", id);
    expect_error(s, text, 400, "order must be asc or desc");
    snprintf(text, sizeof text, "{\"id\":\"w\",\"type\":\"writets\",\"headers\":{\"ogit/_id\":\"%s\"},\"body\":{}}", id);
    expect_error(s, text, 400, NULL);

    snprintf(text, sizeof text, "{\"id\":\"g\",\"type\":\"getcontent\",\"headers\":{\"ogit/_id\":\"%s\"}}", id);
    expect_error(s, text, 404, "no content");
    hiro_status st;
    assert_int_equal(hiro_store_set_content(s, id, (const unsigned char *)"blob!", 5, &st), 0);
    exec(s, text, &r);
    assert_int_equal(r.kind, HIRO_GR_BLOB);
    assert_int_equal(r.blob_len, 5);
    assert_memory_equal(r.blob, "blob!", 5);
    hiro_graph_result_free(&r);

    exec(s, "{\"id\":\"m\",\"type\":\"me\"}", &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r.body, "account"), "ogit/_id")->valuestring, "alice@x");
    assert_non_null(cJSON_GetObjectItem(r.body, "profile"));
    hiro_graph_result_free(&r);
    exec(s, "{\"id\":\"m\",\"type\":\"getme\",\"headers\":{\"profile\":true,\"me-type\":\"account\"}}", &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    hiro_graph_result_free(&r);
    free(id);
    hiro_store_free(s);
}

/* Carries out text as an actor acting at time ms. */
static void exec_at(hiro_store *s, const char *text, int64_t ms, hiro_graph_result *r)
{
    hiro_actor who = WHO;
    who.now_ms = ms;
    hiro_graph_req req;
    hiro_status st = { 0 };
    assert_int_equal(hiro_graph_req_parse(text, strlen(text), &req, &st), 0);
    hiro_graph_execute(s, &req, &who, r);
    hiro_graph_req_free(&req);
}

/* listMeta through the request types: history pages name the version each item is. */
static void test_list_meta_requests(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(5);
    hiro_graph_result r;
    exec_at(s, "{\"id\":1,\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Note\"},\"body\":{\"/l\":[\"a\"]}}", 1000, &r);
    char *id = strdup(cJSON_GetObjectItem(r.body, "ogit/_id")->valuestring);
    hiro_graph_result_free(&r);
    char text[512];
    snprintf(text, sizeof text, "{\"id\":2,\"type\":\"update\",\"headers\":{\"ogit/_id\":\"%s\"},\"body\":{\"/l\":[\"a\",\"b\"]}}", id);
    exec_at(s, text, 2000, &r);
    hiro_graph_result_free(&r);

    snprintf(text, sizeof text, "{\"id\":3,\"type\":\"history\",\"headers\":{\"ogit/_id\":\"%s\",\"offset\":1,\"listMeta\":true}}", id);
    exec_at(s, text, 3000, &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    assert_int_equal(cJSON_GetArraySize(r.body), 1);
    char *got = cJSON_PrintUnformatted(cJSON_GetObjectItem(cJSON_GetArrayItem(r.body, 0), "/l"));
    assert_string_equal(got, "[{\"value\":\"a\",\"created\":1000},{\"value\":\"b\",\"created\":2000}]");
    free(got);
    hiro_graph_result_free(&r);

    snprintf(text, sizeof text, "{\"id\":4,\"type\":\"query\",\"headers\":{\"type\":\"ids\"},\"body\":{\"query\":\"%s\",\"listMeta\":\"true\"}}", id);
    exec_at(s, text, 3000, &r);
    assert_int_equal(r.kind, HIRO_GR_LIST);
    got = cJSON_PrintUnformatted(cJSON_GetObjectItem(cJSON_GetArrayItem(r.body, 0), "/l"));
    assert_string_equal(got, "[{\"value\":\"a\",\"created\":1000},{\"value\":\"b\",\"created\":2000}]");
    free(got);
    hiro_graph_result_free(&r);

    /* a count answer is a number: listMeta leaves it alone */
    exec_at(s, "{\"id\":5,\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},\"body\":{\"query\":\"*:*\",\"count\":true,\"listMeta\":true}}", 3000, &r);
    assert_int_equal(r.kind, HIRO_GR_SINGLE);
    assert_true(cJSON_IsNumber(r.body) && r.body->valuedouble == 1);
    hiro_graph_result_free(&r);
    free(id);
    hiro_store_free(s);
}

static uint64_t pick(uint64_t *z, uint64_t n)
{
    *z = mock_splitmix64(*z);
    return *z % n;
}

/* Requests assembled at random from plausible and implausible pieces: every one gets an
 * answer of a known kind, errors carry a documented code, nothing crashes or leaks (the
 * asan build runs this too). */
static void test_random_requests(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(11);
    char *ids[3] = { NULL, NULL, NULL };
    static const char *const types[] = { "get", "create", "update", "replace", "delete", "connect", "query",
                                         "writets", "streamts", "history", "me", "getme", "getcontent", "meta" };
    static const char *const keys[] = { "ogit/_id", "ogit/_type", "type", "query", "root", "limit", "offset",
                                        "order", "fields", "count", "from", "to", "includeDeleted",
                                        "includeDeleted", "listMeta", "createIfNotExists", "items", "out", "in", "/free" };
    const char *values[] = { NULL, NULL, NULL, "\"ogit/Question\"", "\"vertices\"", "\"ids\"", "\"gremlin\"",
                             "\"*:*\"", "\"outE().inV()\"", "5", "-1", "\"x\"", "true", "false", "null", "[]",
                             "{}", "\"/k desc\"", "[{\"timestamp\":1,\"value\":\"v\"}]", "\"(\"", "1e300" };
    char quoted[3][64];
    const size_t nvalues = sizeof values / sizeof values[0];
    uint64_t z = 777;
#define R(n) pick(&z, (n))
    int kinds[4] = { 0 };
    char text[2048];
    for (int iter = 0; iter < 20000; iter++) {
        if (iter % 500 == 0) { /* random deletes soon hit all three: new ones now and then */
            static const char *const kinds_made[3] = { "ogit/Person", "ogit/Question", "ogit/Timeseries" };
            for (int i = 0; i < 3; i++) {
                free(ids[i]);
                ids[i] = create(s, kinds_made[i], i ? "{\"/l\":[\"a\",\"b\"]}" : "{\"/k\":1}");
                snprintf(quoted[i], sizeof quoted[i], "\"%s\"", ids[i]);
                values[i] = quoted[i];
            }
            hiro_status cst;
            assert_int_equal(hiro_store_set_content(s, ids[2], (const unsigned char *)"xyz", 3, &cst), 0);
        }
        size_t n = (size_t)snprintf(text, sizeof text, "{\"id\":%d,\"type\":\"%s\"", iter,
                                    types[R(sizeof types / sizeof types[0])]);
        for (int part = 0; part < 2; part++) {
            n += (size_t)snprintf(text + n, sizeof text - n, ",\"%s\":{", part ? "body" : "headers");
            int nk = (int)R(7);
            for (int k = 0; k < nk; k++) {
                const char *key = keys[R(sizeof keys / sizeof keys[0])];
                /* ids mostly name existing elements, so the deeper paths are reached */
                bool names_id = !strcmp(key, "ogit/_id") || !strcmp(key, "root");
                /* the three vertices are soon deleted: includeDeleted mostly asks for them */
                bool flag = !strcmp(key, "includeDeleted") || !strcmp(key, "listMeta");
                const char *value = names_id && R(4) ? values[R(3)] : flag && R(4) ? "true" : values[R(nvalues)];
                n += (size_t)snprintf(text + n, sizeof text - n, "%s\"%s\":%s", k ? "," : "", key, value);
            }
            n += (size_t)snprintf(text + n, sizeof text - n, "}");
        }
        snprintf(text + n, sizeof text - n, "}");
        hiro_graph_req req;
        hiro_status st = { 0 };
        if (hiro_graph_req_parse(text, strlen(text), &req, &st) != 0)
            fail_msg("%s: %s", text, st.message);
        hiro_graph_result r;
        hiro_graph_execute(s, &req, &WHO, &r);
        assert_true(r.kind <= HIRO_GR_ERROR);
        kinds[r.kind]++;
        if (r.kind == HIRO_GR_ERROR) {
            int c = r.error.code;
            assert_true(c == 400 || c == 404 || c == 409);
            assert_true(r.error.message[0] != '\0');
            assert_null(r.body);
        } else if (r.kind == HIRO_GR_LIST) {
            assert_true(cJSON_IsArray(r.body));
        } else if (r.kind == HIRO_GR_SINGLE) {
            assert_non_null(r.body);
        }
        hiro_graph_result_free(&r);
        hiro_graph_req_free(&req);
    }
#undef R
    /* every kind of answer was reached */
    assert_true(kinds[HIRO_GR_SINGLE] > 100);
    assert_true(kinds[HIRO_GR_LIST] > 100);
    assert_true(kinds[HIRO_GR_ERROR] > 100);
    assert_true(kinds[HIRO_GR_BLOB] > 0);
    for (int i = 0; i < 3; i++)
        free(ids[i]);
    hiro_store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vertex_lifecycle),
        cmocka_unit_test(test_connect_and_queries),
        cmocka_unit_test(test_list_meta_requests),
        cmocka_unit_test(test_values_content_me),
        cmocka_unit_test(test_random_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "hiro/hiro_graph_msg.h"

static void parse_ok(const char *text, hiro_graph_req *req)
{
    hiro_status st = { 0 };
    if (hiro_graph_req_parse(text, strlen(text), req, &st) != 0)
        fail_msg("%s: %s", text, st.message);
}

static void test_request_envelope(void **state)
{
    (void)state;
    hiro_graph_req r;
    parse_ok("{\"id\":\"0\",\"type\":\"get\",\"_TOKEN\":\"tok\",\"headers\":{\"ogit/_id\":\"v1\"},\"body\":{}}", &r);
    assert_int_equal(r.type, HIRO_G_GET);
    assert_string_equal(r.type_name, "get");
    assert_string_equal(r.token, "tok");
    assert_true(cJSON_IsString(r.id));
    assert_string_equal(r.id->valuestring, "0");
    char buf[64];
    assert_string_equal(hiro_graph_param_text(&r, "ogit/_id", buf, sizeof buf), "v1");
    char *s = hiro_graph_single(r.id, NULL);
    assert_string_equal(s, "{\"id\":\"0\",\"multi\":false,\"more\":false,\"body\":null}");
    free(s);
    hiro_graph_req_free(&r);

    /* numeric ids (old Java) keep their JSON type */
    parse_ok("{\"id\":17,\"type\":\"getme\",\"headers\":{\"profile\":true,\"me-type\":\"account\"}}", &r);
    assert_int_equal(r.type, HIRO_G_ME);
    assert_string_equal(r.type_name, "getme");
    assert_null(r.token);
    assert_null(r.body);
    cJSON *body = cJSON_Parse("{\"account\":{\"ogit/_id\":\"a\"}}");
    s = hiro_graph_single(r.id, body);
    assert_string_equal(s, "{\"id\":17,\"multi\":false,\"more\":false,\"body\":{\"account\":{\"ogit/_id\":\"a\"}}}");
    free(s);
    cJSON_Delete(body);
    s = hiro_graph_error(r.id, 404, "not found");
    assert_string_equal(s, "{\"id\":17,\"error\":{\"code\":404,\"message\":\"not found\"}}");
    free(s);
    hiro_graph_req_free(&r);

    parse_ok("{\"id\":\"x\",\"type\":\"me\"}", &r);
    assert_int_equal(r.type, HIRO_G_ME);
    assert_string_equal(r.type_name, "me");
    hiro_graph_req_free(&r);

    static const struct {
        const char *name;
        hiro_graph_type type;
    } all[] = { { "get", HIRO_G_GET },         { "create", HIRO_G_CREATE },     { "update", HIRO_G_UPDATE },
                { "replace", HIRO_G_REPLACE }, { "delete", HIRO_G_DELETE },     { "connect", HIRO_G_CONNECT },
                { "query", HIRO_G_QUERY },     { "writets", HIRO_G_WRITETS },   { "streamts", HIRO_G_STREAMTS },
                { "history", HIRO_G_HISTORY }, { "getcontent", HIRO_G_GETCONTENT }, { "meta", HIRO_G_META } };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "{\"id\":\"1\",\"type\":\"%s\",\"headers\":null,\"body\":null}", all[i].name);
        parse_ok(text, &r);
        assert_int_equal(r.type, all[i].type);
        assert_null(r.headers);
        hiro_graph_req_free(&r);
    }
}

static void expect_reject(const char *text, const char *message, const char *id_json)
{
    hiro_graph_req r;
    hiro_status st = { 0 };
    if (hiro_graph_req_parse(text, strlen(text), &r, &st) == 0)
        fail_msg("%s accepted", text);
    assert_int_equal(st.code, 400);
    assert_string_equal(st.message, message);
    char *e = hiro_graph_error(r.id, st.code, st.message);
    char want[256];
    if (id_json)
        snprintf(want, sizeof want, "{\"id\":%s,\"error\":{\"code\":400,\"message\":", id_json);
    else
        snprintf(want, sizeof want, "{\"error\":{\"code\":400,\"message\":");
    if (strncmp(e, want, strlen(want)) != 0)
        fail_msg("%s: error envelope %s", text, e);
    free(e);
    hiro_graph_req_free(&r);
}

static void test_request_errors(void **state)
{
    (void)state;
    expect_reject("not json", "request is not JSON", NULL);
    expect_reject("[\"id\",1]", "request is not a JSON object", NULL);
    expect_reject("\"{}\"", "request is not a JSON object", NULL);
    expect_reject("{\"type\":\"get\"}", "request needs \"id\": a string or a number", NULL);
    expect_reject("{\"id\":true,\"type\":\"get\"}", "request needs \"id\": a string or a number", NULL);
    expect_reject("{\"id\":{},\"type\":\"get\"}", "request needs \"id\": a string or a number", NULL);
    /* from here on the id is usable and the error names it */
    expect_reject("{\"id\":\"7\"}", "request needs \"type\": <string>", "\"7\"");
    expect_reject("{\"id\":7,\"type\":5}", "request needs \"type\": <string>", "7");
    expect_reject("{\"id\":\"7\",\"type\":\"GET\"}", "unknown request type \"GET\"", "\"7\"");
    expect_reject("{\"id\":\"7\",\"type\":\"drop\"}", "unknown request type \"drop\"", "\"7\"");
    expect_reject("{\"id\":\"7\",\"type\":\"get\",\"_TOKEN\":5}", "\"_TOKEN\" must be a string", "\"7\"");
    expect_reject("{\"id\":\"7\",\"type\":\"get\",\"headers\":[]}", "\"headers\" must be an object", "\"7\"");
    expect_reject("{\"id\":\"7\",\"type\":\"get\",\"body\":\"x\"}", "\"body\" must be an object", "\"7\"");
    hiro_graph_req r;
    hiro_status st;
    assert_int_equal(hiro_graph_req_parse(NULL, 0, &r, &st), -1);
    hiro_graph_req_free(&r);
}

static void test_parameters(void **state)
{
    (void)state;
    hiro_graph_req r;
    parse_ok("{\"id\":\"1\",\"type\":\"streamts\",\"headers\":{\"ogit/_id\":\"ts1\",\"from\":false,\"to\":false,"
             "\"limit\":50,\"includeDeleted\":false,\"with\":[],\"order\":null,\"ratio\":1.5,\"flag\":true},"
             "\"body\":{\"from\":1000,\"to\":\"2000\",\"listMeta\":\"true\",\"limit\":7}}",
             &r);
    char buf[32];
    assert_string_equal(hiro_graph_param_text(&r, "ogit/_id", buf, sizeof buf), "ts1");
    /* headers win; false in headers is unset, so the body's value is used */
    assert_string_equal(hiro_graph_param_text(&r, "limit", buf, sizeof buf), "50");
    assert_string_equal(hiro_graph_param_text(&r, "from", buf, sizeof buf), "1000");
    assert_string_equal(hiro_graph_param_text(&r, "to", buf, sizeof buf), "2000");
    assert_string_equal(hiro_graph_param_text(&r, "ratio", buf, sizeof buf), "1.5");
    assert_string_equal(hiro_graph_param_text(&r, "flag", buf, sizeof buf), "true");
    assert_null(hiro_graph_param(&r, "includeDeleted"));
    assert_null(hiro_graph_param(&r, "order"));
    assert_null(hiro_graph_param(&r, "missing"));
    assert_null(hiro_graph_param_text(&r, "with", buf, sizeof buf)); /* an array is no text */
    assert_non_null(hiro_graph_param(&r, "with"));
    assert_true(hiro_graph_param_bool(&r, "flag"));
    assert_true(hiro_graph_param_bool(&r, "listMeta"));
    assert_false(hiro_graph_param_bool(&r, "includeDeleted"));
    assert_false(hiro_graph_param_bool(&r, "limit"));
    char tiny[3];
    assert_null(hiro_graph_param_text(&r, "ogit/_id", tiny, sizeof tiny)); /* does not fit */
    hiro_graph_req_free(&r);
}

static cJSON *parse_frame(char *s)
{
    assert_non_null(s);
    cJSON *o = cJSON_Parse(s);
    assert_non_null(o);
    free(s);
    return o;
}

static void test_list_answers(void **state)
{
    (void)state;
    cJSON *id = cJSON_CreateString("q1");
    cJSON *items = cJSON_Parse("[{\"ogit/_id\":\"a\"},{\"ogit/_id\":\"b\"},{\"ogit/_id\":\"c\"}]");
    hiro_graph_answer *a = hiro_graph_answer_list(id, items);
    cJSON_Delete(items); /* the answer has its own copy */
    assert_int_equal(hiro_graph_answer_total(a), 3);
    char *s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"q1\",\"multi\":true,\"more\":true,\"body\":{\"ogit/_id\":\"a\"}}");
    free(s);
    s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"q1\",\"multi\":true,\"more\":true,\"body\":{\"ogit/_id\":\"b\"}}");
    free(s);
    assert_false(hiro_graph_answer_done(a));
    s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"q1\",\"multi\":true,\"more\":false,\"body\":{\"ogit/_id\":\"c\"}}");
    free(s);
    assert_true(hiro_graph_answer_done(a));
    assert_null(hiro_graph_answer_next(a));
    hiro_graph_answer_free(a);

    /* empty list: one closing envelope with a null body */
    cJSON *empty = cJSON_CreateArray();
    a = hiro_graph_answer_list(id, empty);
    s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"q1\",\"multi\":true,\"more\":false,\"body\":null}");
    free(s);
    assert_null(hiro_graph_answer_next(a));
    hiro_graph_answer_free(a);
    cJSON_Delete(empty);
    assert_null(hiro_graph_answer_list(id, id)); /* not an array */

    /* two answers interleaved keep their own order and ids */
    cJSON *id2 = cJSON_CreateNumber(9);
    cJSON *big = cJSON_CreateArray();
    for (int i = 0; i < 1000; i++)
        cJSON_AddItemToArray(big, cJSON_CreateNumber(i));
    hiro_graph_answer *x = hiro_graph_answer_list(id, big);
    hiro_graph_answer *y = hiro_graph_answer_list(id2, big);
    int next_x = 0, next_y = 0;
    while (!hiro_graph_answer_done(x) || !hiro_graph_answer_done(y)) {
        hiro_graph_answer *turn = (next_x + next_y) % 3 == 0 && !hiro_graph_answer_done(y) ? y
                                  : !hiro_graph_answer_done(x)                              ? x
                                                                                            : y;
        cJSON *f = parse_frame(hiro_graph_answer_next(turn));
        int *next = turn == x ? &next_x : &next_y;
        cJSON *fid = cJSON_GetObjectItem(f, "id");
        if (turn == x)
            assert_string_equal(fid->valuestring, "q1");
        else
            assert_true(cJSON_IsNumber(fid) && fid->valuedouble == 9);
        assert_int_equal((int)cJSON_GetObjectItem(f, "body")->valuedouble, *next);
        assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(f, "more")), *next < 999);
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(f, "multi")));
        (*next)++;
        cJSON_Delete(f);
    }
    assert_int_equal(next_x, 1000);
    assert_int_equal(next_y, 1000);
    hiro_graph_answer_free(x);
    hiro_graph_answer_free(y);
    cJSON_Delete(big);
    cJSON_Delete(id2);

    s = hiro_graph_part(id, NULL, false);
    assert_string_equal(s, "{\"id\":\"q1\",\"multi\":true,\"more\":false,\"body\":null}");
    free(s);
    s = hiro_graph_error(NULL, 400, "request is not JSON");
    assert_string_equal(s, "{\"error\":{\"code\":400,\"message\":\"request is not JSON\"}}");
    free(s);
    cJSON_Delete(id);
}

static void test_blob_answers(void **state)
{
    (void)state;
    cJSON *id = cJSON_CreateString("b1");
    hiro_graph_answer *a = hiro_graph_answer_blob(id, (const unsigned char *)"hello world", 11, 4);
    /* chunk size rounded down to 3: "hel" "lo " "wor" "ld" */
    assert_int_equal(hiro_graph_answer_total(a), 4);
    char *s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"b1\",\"multi\":true,\"more\":true,\"last\":false,"
                           "\"body\":{\"data\":\"aGVs\",\"encoding\":\"base64\"}}");
    free(s);
    free(hiro_graph_answer_next(a));
    free(hiro_graph_answer_next(a));
    s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"b1\",\"multi\":true,\"more\":false,\"last\":true,"
                           "\"body\":{\"data\":\"bGQ=\",\"encoding\":\"base64\"}}");
    free(s);
    assert_null(hiro_graph_answer_next(a));
    hiro_graph_answer_free(a);

    /* empty blob: one final chunk */
    a = hiro_graph_answer_blob(id, NULL, 0, 1024);
    s = hiro_graph_answer_next(a);
    assert_string_equal(s, "{\"id\":\"b1\",\"multi\":true,\"more\":false,\"last\":true,"
                           "\"body\":{\"data\":\"\",\"encoding\":\"base64\"}}");
    free(s);
    assert_true(hiro_graph_answer_done(a));
    hiro_graph_answer_free(a);

    /* 1 MiB + 5 bytes reassembles byte for byte from the chunks */
    size_t n = (1u << 20) + 5;
    unsigned char *data = malloc(n);
    uint32_t x = 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    a = hiro_graph_answer_blob(id, data, n, 65536);
    assert_int_equal(hiro_graph_answer_total(a), 17); /* ceil(1048581 / 65535) */
    unsigned char *back = malloc(n + 4);
    size_t got = 0, frames = 0;
    char *f;
    while ((f = hiro_graph_answer_next(a))) {
        cJSON *o = parse_frame(f);
        frames++;
        const char *b64 = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "body"), "data")->valuestring;
        size_t bl = strlen(b64);
        int dec = EVP_DecodeBlock(back + got, (const unsigned char *)b64, (int)bl);
        assert_true(dec >= 0);
        size_t pad = bl >= 2 && b64[bl - 1] == '=' ? (b64[bl - 2] == '=' ? 2 : 1) : 0;
        got += (size_t)dec - pad;
        bool last = cJSON_IsTrue(cJSON_GetObjectItem(o, "last"));
        assert_int_equal(last, hiro_graph_answer_done(a));
        assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(o, "more")), !last);
        cJSON_Delete(o);
    }
    assert_int_equal(frames, hiro_graph_answer_total(a));
    assert_int_equal(got, n);
    assert_memory_equal(back, data, n);
    free(back);
    free(data);
    hiro_graph_answer_free(a);
    hiro_graph_answer_free(NULL);
    assert_null(hiro_graph_answer_next(NULL));
    cJSON_Delete(id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_envelope),
        cmocka_unit_test(test_request_errors),
        cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_list_answers),
        cmocka_unit_test(test_blob_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_lucene.h"
#include "hiro/hiro_store.h"
#include "rng.h"

static cJSON *element, *params;

static int setup(void **state)
{
    (void)state;
    element = cJSON_Parse("{\"ogit/_id\":\"q1\",\"ogit/_type\":\"ogit/Question\",\"ogit/name\":\"Hello World\","
                          "\"/n\":5,\"/price\":2.5,\"/flag\":true,\"/tags\":[\"red\",\"blue\"],\"/colon\":\"a:b\","
                          "\"/quote\":\"say \\\"hi\\\"\",\"/null\":null}");
    params = cJSON_Parse("{\"id\":\"q1\",\"n\":5,\"bad\":[1]}");
    return element && params ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(element);
    cJSON_Delete(params);
    return 0;
}

static void run(const char *const (*cases)[2], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char err[200] = "";
        hiro_lucene *q = hiro_lucene_parse(cases[i][0], params, err, sizeof err);
        if (!q)
            fail_msg("%s: %s", cases[i][0], err);
        bool want = strcmp(cases[i][1], "match") == 0;
        if (hiro_lucene_match(q, element) != want)
            fail_msg("%s: expected %s", cases[i][0], cases[i][1]);
        hiro_lucene_free(q);
    }
}
#define RUN(c) run(c, sizeof c / sizeof c[0])

static void test_terms(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "ogit\\/_type:ogit\\/Question", "match" },
        { "ogit\\/_type:\"ogit/Question\"", "match" },
        { "ogit/_type:ogit/Question", "match" }, /* unescaped slashes are fine too */
        { "ogit\\/_type:ogit\\/Answer", "no" },
        { "ogit\\/_type:ogit\\/question", "no" }, /* exact case */
        { "ogit\\/name:\"Hello World\"", "match" },
        { "ogit\\/name:Hello", "no" },
        { "ogit\\/name:Hello*", "match" },
        { "ogit\\/name:*World", "match" },
        { "ogit\\/name:H?llo*", "match" },
        { "ogit\\/name:H?lo*", "no" },
        { "ogit\\/name:\"Hello*\"", "no" },         /* quoted: no wildcards */
        { "ogit\\/name:Hello\\ World", "match" },   /* escaped blank */
        { "ogit\\/name:Hello\\*", "no" },           /* escaped star */
        { "\\/n:5", "match" },
        { "\\/n:5*", "match" },
        { "\\/n:6", "no" },
        { "\\/price:2.5", "match" },
        { "\\/flag:true", "match" },
        { "\\/tags:blue", "match" },
        { "\\/tags:green", "no" },
        { "\\/colon:a\\:b", "match" },
        { "\\/colon:\"a:b\"", "match" },
        { "\\/quote:\"say \\\"hi\\\"\"", "match" },
        { "ogit\\/_id:*", "match" },
        { "\\/missing:*", "no" },
        { "\\/null:*", "no" },
        { "*:*", "match" },
        { "ogit\\/_id:$id", "match" },              /* placeholder from the body */
        { "\\/n:$n", "match" },
        { "ogit\\/_id:\\$id", "no" },               /* escaped: literal "$id" */
    };
    RUN(cases);
}

static void test_boolean(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "ogit\\/_type:ogit\\/Question AND \\/n:5", "match" },
        { "ogit\\/_type:ogit\\/Question AND \\/n:6", "no" },
        { "ogit\\/_type:ogit\\/Question && \\/n:5", "match" },
        { "\\/n:6 OR \\/n:5", "match" },
        { "\\/n:6 || \\/n:7", "no" },
        { "\\/n:6 \\/n:5", "match" },                /* juxtaposed: one must match */
        { "\\/n:6 \\/n:7", "no" },
        { "+\\/n:5 \\/n:7", "match" },               /* with a required clause the others are optional */
        { "+\\/n:6 \\/n:5", "no" },
        { "+\\/n:5 +\\/flag:true", "match" },
        { "+\\/n:5 -\\/flag:true", "no" },
        { "\\/n:5 -\\/flag:false", "match" },
        { "-\\/n:6", "match" },                      /* only prohibited: everything else */
        { "-\\/n:5", "no" },
        { "NOT \\/n:5", "no" },
        { "!\\/n:5", "no" },
        { "\\/n:5 AND NOT \\/flag:false", "match" },
        { "\\/n:5 AND NOT \\/flag:true", "no" },
        { "\\/n:6 OR \\/n:5 AND \\/flag:false", "no" },  /* AND binds tighter */
        { "\\/n:5 OR \\/n:6 AND \\/flag:false", "match" },
        { "(\\/n:6 OR \\/n:5) AND \\/flag:true", "match" },
        { "(\\/n:6 OR \\/n:5) AND (\\/flag:false)", "no" },
        { "((((\\/n:5))))", "match" },
        { "ogit\\/_type:ogit\\/Question AND (\\/tags:red OR \\/tags:green) AND NOT ogit\\/name:x*", "match" },
        { "  \\/n:5  ", "match" },
        { "ANDROID:x OR \\/n:5", "match" },          /* words only at a break */
    };
    RUN(cases);
}

static void test_errors(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "", "query: at 0: empty query" },
        { "   ", "query: at 3: empty query" },
        { "Hello", "query: at 5: a term needs a field: field:value" },
        { "ogit\\/name", "query: at 10: a term needs a field: field:value" },
        { "a b:c", "query: at 1: a term needs a field: field:value" },
        { ":x", "query: at 0: a term needs a field: field:value" },
        { "a:", "query: at 2: missing value after 'a:'" },
        { "a: b", "query: at 2: missing value after 'a:'" },
        { "a:\"open", "query: at 7: missing closing '\"'" },
        { "a:[1 TO 5]", "query: at 2: unsupported query syntax '[' (ranges, fuzzy, boosts and groups are not supported)" },
        { "a:foo~", "query: at 5: unsupported query syntax '~' (ranges, fuzzy, boosts and groups are not supported)" },
        { "a:foo^2", "query: at 5: unsupported query syntax '^' (ranges, fuzzy, boosts and groups are not supported)" },
        { "a:(x y)", "query: at 2: grouped values field:(a b) are not supported" },
        { "(a:b", "query: at 4: expected ')'" },
        { "a:b)", "query: at 3: unbalanced ')'" },
        { "a:b AND", "query: at 7: expected a query clause" },
        { "OR a:b", "query: at 0: expected a query clause" },
        { "a:b AND OR c:d", "query: at 8: expected a query clause" },
        { "()", "query: at 1: expected a query clause" },
        { "a:$missing", "query: at 10: placeholder $missing has no value" },
        { "a:$bad", "query: at 6: placeholder $bad has no value" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[200] = "";
        hiro_lucene *q = hiro_lucene_parse(cases[i][0], params, err, sizeof err);
        if (q)
            fail_msg("%s parsed", cases[i][0]);
        if (strcmp(err, cases[i][1]) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i][0], err, cases[i][1]);
    }
    char err[200];
    assert_null(hiro_lucene_parse(NULL, NULL, err, sizeof err));
    /* depth cap */
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "(");
    strcat(deep, "a:b");
    for (int i = 0; i < 40; i++)
        strcat(deep, ")");
    assert_null(hiro_lucene_parse(deep, NULL, err, sizeof err));
    assert_string_equal(err, "query: at 32: query nested too deeply (at most 32 levels)");
    /* wildcard terms are bounded; literal ones are not */
    char *big = malloc(1100);
    strcpy(big, "a:");
    memset(big + 2, 'x', 1025);
    big[1027] = '*';
    big[1028] = '\0';
    assert_null(hiro_lucene_parse(big, NULL, err, sizeof err));
    assert_string_equal(err, "query: at 1028: wildcard terms are limited to 1024 bytes");
    big[1027] = '\0';
    hiro_lucene *lit = hiro_lucene_parse(big, NULL, err, sizeof err);
    assert_non_null(lit);
    hiro_lucene_free(lit);
    big[1026] = '*'; /* 1024 bytes with the star: allowed */
    lit = hiro_lucene_parse(big + 1, NULL, err, sizeof err);
    assert_null(lit); /* ":xxx" has no field */
    memcpy(big + 1, "a:", 2);
    lit = hiro_lucene_parse(big + 1, NULL, err, sizeof err);
    assert_non_null(lit);
    hiro_lucene_free(lit);
    free(big);
    /* random bytes never crash */
    uint64_t z = 99;
    char buf[64];
    static const char alphabet[] = "ab:\\\"()*?+-! ANDORT&|$[~";
    for (int iter = 0; iter < 30000; iter++) {
        z = mock_splitmix64(z);
        size_t n = z % 40;
        for (size_t i = 0; i < n; i++) {
            z = mock_splitmix64(z);
            buf[i] = iter % 2 ? alphabet[z % (sizeof alphabet - 1)] : (char)(1 + z % 255);
        }
        buf[n] = '\0';
        hiro_lucene *q = hiro_lucene_parse(buf, params, err, sizeof err);
        if (q) {
            (void)hiro_lucene_match(q, element);
            hiro_lucene_free(q);
        } else {
            assert_memory_equal(err, "query: at ", 10);
        }
    }
}

static const hiro_actor WHO = { "alice", "app", "scope-1", NULL, 1764110000000 };

static void test_store_query(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(5);
    hiro_status st = { 0 };
    static const char *const rows[] = {
        "{\"/name\":\"carol\",\"/age\":35}", "{\"/name\":\"alice\",\"/age\":30}", "{\"/name\":\"bob\",\"/age\":30}",
        "{\"/name\":\"dave\"}",
    };
    char ids[4][32];
    for (int i = 0; i < 4; i++) {
        cJSON *a = cJSON_Parse(rows[i]);
        cJSON *v = hiro_store_create(s, i < 3 ? "ogit/Person" : "ogit/Robot", NULL, a, &WHO, NULL, &st);
        snprintf(ids[i], sizeof ids[i], "%s", cJSON_GetObjectItem(v, "ogit/_id")->valuestring);
        cJSON_Delete(v);
        cJSON_Delete(a);
    }
    cJSON *r = hiro_store_query_vertices(s, "ogit\\/_type:\"ogit/Person\"", NULL, -1, 0, NULL, NULL, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(r, 0), "/name")->valuestring, "carol"); /* creation order */
    cJSON_Delete(r);
    /* sorted, ties keep creation order, missing last; paging; projection */
    r = hiro_store_query_vertices(s, "*:*", NULL, -1, 0, "/age desc", NULL, false, &st);
    char *t = NULL;
    const char *want[] = { "carol", "alice", "bob", "dave" };
    for (int i = 0; i < 4; i++)
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(r, i), "/name")->valuestring, want[i]);
    cJSON_Delete(r);
    r = hiro_store_query_vertices(s, "*:*", NULL, -1, 0, "/age asc, /name desc", NULL, false, &st);
    const char *want2[] = { "bob", "alice", "carol", "dave" };
    for (int i = 0; i < 4; i++)
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(r, i), "/name")->valuestring, want2[i]);
    cJSON_Delete(r);
    r = hiro_store_query_vertices(s, "*:*", NULL, 2, 1, "/name", "/name,/nope", false, &st);
    t = cJSON_PrintUnformatted(r);
    char expect[256];
    snprintf(expect, sizeof expect, "[{\"ogit/_id\":\"%s\",\"/name\":\"bob\"},{\"ogit/_id\":\"%s\",\"/name\":\"carol\"}]",
             ids[2], ids[0]);
    assert_string_equal(t, expect);
    free(t);
    cJSON_Delete(r);
    r = hiro_store_query_vertices(s, "*:*", NULL, 10, 10, NULL, NULL, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 0);
    cJSON_Delete(r);
    /* placeholders from the body; deleted vertices are not found */
    cJSON *p = cJSON_Parse("{\"who\":\"alice\"}");
    r = hiro_store_query_vertices(s, "\\/name:$who", p, -1, 0, NULL, NULL, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    cJSON_Delete(r);
    cJSON *d = hiro_store_delete(s, ids[1], &WHO, NULL, &st);
    cJSON_Delete(d);
    r = hiro_store_query_vertices(s, "\\/name:$who", p, -1, 0, NULL, NULL, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 0);
    cJSON_Delete(r);
    cJSON_Delete(p);
    /* errors */
    assert_null(hiro_store_query_vertices(s, "name", NULL, -1, 0, NULL, NULL, false, &st));
    assert_int_equal(st.code, 400);
    assert_string_equal(st.message, "query: at 4: a term needs a field: field:value");
    assert_null(hiro_store_query_vertices(s, "*:*", NULL, -1, 0, "/age sideways", NULL, false, &st));
    assert_int_equal(st.code, 400);
    assert_null(hiro_store_query_vertices(s, "*:*", NULL, -1, 0, "a,b,c,d,e,f,g,h,i", NULL, false, &st));
    assert_int_equal(st.code, 400);
    hiro_store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_boolean),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_store_query),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

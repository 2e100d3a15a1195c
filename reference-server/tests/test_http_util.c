#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "http_util.h"

static void test_query_decoding(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(wsrv_query_param("a=1&token=ab%2Fc%3D%3D&b=2", "token", out, sizeof out), "ab/c==");
    assert_string_equal(wsrv_query_param("q=hello+world%21", "q", out, sizeof out), "hello world!");
    assert_string_equal(wsrv_query_param("q=%2B", "q", out, sizeof out), "+");
    /* Names are decoded before comparing. */
    assert_string_equal(wsrv_query_param("my%20key=v", "my key", out, sizeof out), "v");
    /* A malformed escape stays as it is. */
    assert_string_equal(wsrv_query_param("x=%zz%4", "x", out, sizeof out), "%zz%4");
    assert_string_equal(wsrv_query_param("x=%e2%82%ac", "x", out, sizeof out), "\xe2\x82\xac");
}

static void test_query_edge_cases(void **state)
{
    (void)state;
    char out[8];
    /* Without '=', the value is "". */
    assert_string_equal(wsrv_query_param("debug&x=1", "debug", out, sizeof out), "");
    assert_string_equal(wsrv_query_param("x=", "x", out, sizeof out), "");
    /* The first of repeated names wins. */
    assert_string_equal(wsrv_query_param("id=1&id=2", "id", out, sizeof out), "1");
    /* Absent, prefix-only and empty queries. */
    assert_null(wsrv_query_param("ident=1", "id", out, sizeof out));
    assert_null(wsrv_query_param("", "id", out, sizeof out));
    assert_null(wsrv_query_param(NULL, "id", out, sizeof out));
    assert_string_equal(wsrv_query_param("&&id=3&", "id", out, sizeof out), "3");
    /* Too long for out (7 characters fit in 8 bytes, 8 do not). */
    assert_string_equal(wsrv_query_param("v=1234567", "v", out, sizeof out), "1234567");
    assert_null(wsrv_query_param("v=12345678", "v", out, sizeof out));
    /* A long escape-encoded value shrinks when decoded. */
    assert_string_equal(wsrv_query_param("v=%41%41%41%41%41%41%41", "v", out, sizeof out), "AAAAAAA");
}

static void test_cookie(void **state)
{
    (void)state;
    char out[32];
    assert_string_equal(wsrv_cookie("session=abc123", "session", out, sizeof out), "abc123");
    assert_string_equal(wsrv_cookie("a=1; session=xyz; b=2", "session", out, sizeof out), "xyz");
    assert_string_equal(wsrv_cookie("a=1;session=tight", "session", out, sizeof out), "tight");
    assert_string_equal(wsrv_cookie("  a = 1 ;  token = \"quoted value\" ", "token", out, sizeof out),
                        "quoted value");
    assert_string_equal(wsrv_cookie("empty=; x=1", "empty", out, sizeof out), "");
    /* Cookie values are not percent-decoded. */
    assert_string_equal(wsrv_cookie("k=a%20b", "k", out, sizeof out), "a%20b");
    /* Values may contain '='. */
    assert_string_equal(wsrv_cookie("t=YWJj==; u=2", "t", out, sizeof out), "YWJj==");
    assert_null(wsrv_cookie("sessionx=1; xsession=2", "session", out, sizeof out));
    assert_null(wsrv_cookie("noequals; other=1", "noequals", out, sizeof out));
    assert_null(wsrv_cookie(NULL, "a", out, sizeof out));
    assert_null(wsrv_cookie("", "a", out, sizeof out));
    char tiny[4];
    assert_string_equal(wsrv_cookie("a=abc", "a", tiny, sizeof tiny), "abc");
    assert_null(wsrv_cookie("a=abcd", "a", tiny, sizeof tiny));
}

static void test_encode(void **state)
{
    (void)state;
    char out[32];
    size_t at = 0;
    assert_true(wsrv_pct_encode(out, sizeof out, &at, "a b/c", 5, "/"));
    assert_string_equal(out, "a%20b/c");
    assert_true(wsrv_pct_encode(out, sizeof out, &at, "&=\0", 3, NULL));
    assert_string_equal(out, "a%20b/c%26%3D%00");
    char small[6];
    at = 0;
    assert_false(wsrv_pct_encode(small, sizeof small, &at, "abc def", 7, NULL));
    assert_string_equal(small, "abc");
    char dec[8];
    assert_int_equal(wsrv_pct_decode("a%00b", 5, false, dec, sizeof dec), 3);
    assert_memory_equal(dec, "a\0b", 3);
    assert_int_equal(wsrv_pct_decode("a+b", 3, false, dec, sizeof dec), 3);
    assert_string_equal(dec, "a+b");
    assert_int_equal(wsrv_pct_decode("abcdefgh", 8, false, dec, sizeof dec), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_decoding),
        cmocka_unit_test(test_query_edge_cases),
        cmocka_unit_test(test_cookie),
        cmocka_unit_test(test_encode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

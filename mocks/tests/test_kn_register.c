/* The WsRegister parser and the UTF-8 helpers it relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kinode/kn_register.h"
#include "kinode/kn_utf8.h"

static kn_reg_status parse(const char *s, kn_ws_register *r)
{
    return kn_register_parse(s, strlen(s), NULL, r);
}

static void test_document_example(void **s)
{
    (void)s;
    kn_ws_register r;
    assert_int_equal(parse("{\"auth_token\": \"a.b.c\", \"target_process\": \"my-package:my-package:template.os\", "
                           "\"encrypted\": false}",
                           &r),
                     KN_REG_OK);
    assert_string_equal(r.auth_token, "a.b.c");
    assert_string_equal(r.target_process, "my-package:my-package:template.os");
    assert_false(r.encrypted);
    kn_register_free(&r);
    assert_null(r.auth_token);
}

static void test_encrypted_and_extra_keys(void **s)
{
    (void)s;
    kn_ws_register r;
    assert_int_equal(parse("{\"extra\":[1,{}],\"encrypted\":true,\"target_process\":\"a:b:c\",\"auth_token\":\"t\","
                           "\"channel_id\":5}  \n",
                           &r),
                     KN_REG_OK);
    assert_true(r.encrypted);
    kn_register_free(&r);
    /* empty segments are accepted */
    assert_int_equal(parse("{\"auth_token\":\"t\",\"target_process\":\"::\",\"encrypted\":false}", &r), KN_REG_OK);
    kn_register_free(&r);
}

static void test_refusals(void **s)
{
    (void)s;
    kn_ws_register r;
    assert_int_equal(parse("{\"auth_token\":\"t\",\"target_process\":\"a:b\",\"encrypted\":false}", &r),
                     KN_REG_BAD_TARGET);
    assert_int_equal(parse("{\"auth_token\":\"t\",\"target_process\":\"a:b:c:d\",\"encrypted\":false}", &r),
                     KN_REG_BAD_TARGET);
    assert_int_equal(parse("{\"auth_token\":\"t\",\"target_process\":\"a:b:c\"}", &r), KN_REG_MISSING_FIELD);
    assert_int_equal(parse("{\"target_process\":\"a:b:c\",\"encrypted\":false}", &r), KN_REG_MISSING_FIELD);
    assert_int_equal(parse("{\"auth_token\":\"t\",\"target_process\":\"a:b:c\",\"encrypted\":\"false\"}", &r),
                     KN_REG_WRONG_TYPE);
    assert_int_equal(parse("{\"auth_token\":null,\"target_process\":\"a:b:c\",\"encrypted\":false}", &r),
                     KN_REG_WRONG_TYPE);
    assert_int_equal(parse("{\"auth_token\":\"t\",\"target_process\":[],\"encrypted\":false}", &r), KN_REG_WRONG_TYPE);
    assert_int_equal(parse("{\"auth_token\":\"t\",\"auth_token\":\"u\",\"target_process\":\"a:b:c\",\"encrypted\":false}",
                           &r),
                     KN_REG_DUPLICATE_FIELD);
    /* the old wrapped form is not accepted: no wrapper object */
    assert_int_equal(parse("{\"WsRegister\":{\"auth_token\":\"t\",\"target_process\":\"a:b:c\",\"encrypted\":false}}", &r),
                     KN_REG_MISSING_FIELD);
    assert_int_equal(parse("[1,2]", &r), KN_REG_NOT_OBJECT);
    assert_int_equal(parse("\"x\"", &r), KN_REG_NOT_OBJECT);
    assert_int_equal(parse("", &r), KN_REG_BAD_JSON);
    assert_int_equal(parse("{\"auth_token\":\"t\"", &r), KN_REG_BAD_JSON); /* truncated */
    assert_int_equal(parse("{} {}", &r), KN_REG_BAD_JSON);                 /* trailing value */
    assert_int_equal(parse("garbage", &r), KN_REG_BAD_JSON);
    assert_null(r.auth_token);
    assert_null(r.target_process);
    assert_string_equal(kn_reg_status_name(KN_REG_BAD_TARGET), "bad target_process");
}

static void test_not_utf8_and_nul(void **s)
{
    (void)s;
    kn_ws_register r;
    const char bad[] = "{\"auth_token\":\"\xff\",\"target_process\":\"a:b:c\",\"encrypted\":false}";
    assert_int_equal(kn_register_parse(bad, sizeof bad - 1, NULL, &r), KN_REG_NOT_UTF8);
    const char nul[] = "{\"auth_token\":\"t\",\"target_process\":\"a:b:c\",\"encrypted\":false}\0{";
    assert_int_equal(kn_register_parse(nul, sizeof nul - 1, NULL, &r), KN_REG_BAD_JSON);
    assert_int_equal(kn_register_parse(NULL, 0, NULL, &r), KN_REG_BAD_JSON);
}

static void test_faults(void **s)
{
    (void)s;
    kn_ws_register r;
    const char *extra = "{\"auth_token\":\"t\",\"target_process\":\"a:b:c\",\"encrypted\":false,\"x\":1}";
    const char *noenc = "{\"auth_token\":\"t\",\"target_process\":\"a:b:c\"}";
    const char *two = "{\"auth_token\":\"t\",\"target_process\":\"a:b\",\"encrypted\":false}";
    kn_register_faults f = { .extra_keys_refused = true };
    assert_int_equal(kn_register_parse(extra, strlen(extra), &f, &r), KN_REG_WRONG_TYPE);
    f = (kn_register_faults){ .encrypted_optional = true };
    assert_int_equal(kn_register_parse(noenc, strlen(noenc), &f, &r), KN_REG_OK);
    assert_false(r.encrypted);
    kn_register_free(&r);
    f = (kn_register_faults){ .target_unchecked = true };
    assert_int_equal(kn_register_parse(two, strlen(two), &f, &r), KN_REG_OK);
    kn_register_free(&r);
}

static void test_process_id(void **s)
{
    (void)s;
    assert_true(kn_process_id_valid("a:b:c"));
    assert_true(kn_process_id_valid("::"));
    assert_false(kn_process_id_valid("a:b"));
    assert_false(kn_process_id_valid("a:b:c:"));
    assert_false(kn_process_id_valid(""));
}

static void test_utf8_valid(void **s)
{
    (void)s;
    assert_true(kn_utf8_valid("plain", 5));
    assert_true(kn_utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9));
    assert_false(kn_utf8_valid("\xc0\xaf", 2));         /* overlong */
    assert_false(kn_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(kn_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(kn_utf8_valid("\xe2\x82", 2));         /* truncated */
}

static void check_lossy(const char *in, size_t n, const char *want)
{
    size_t len;
    char *out = kn_utf8_lossy(in, n, &len);
    assert_non_null(out);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(out, want, len);
    free(out);
}

#define FFFD "\xef\xbf\xbd"

static void test_utf8_lossy(void **s)
{
    (void)s;
    check_lossy("ok", 2, "ok");
    check_lossy("\xff", 1, FFFD);
    check_lossy("a\xffz", 3, "a" FFFD "z");
    /* a truncated 3-byte sequence is one maximal subpart: one replacement */
    check_lossy("\xe2\x82z", 3, FFFD "z");
    /* an overlong lead byte and its continuation: two replacements (C0 is never valid) */
    check_lossy("\xc0\xaf", 2, FFFD FFFD);
    /* surrogate: ED then A0 is out of range -> ED alone, then A0, then 80 */
    check_lossy("\xed\xa0\x80", 3, FFFD FFFD FFFD);
    /* the Unicode example: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 */
    check_lossy("\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64", 13,
                "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d");
    size_t len;
    char *dropped = kn_utf8_drop_invalid("a\xffz", 3, &len);
    assert_int_equal(len, 2);
    assert_string_equal(dropped, "az");
    free(dropped);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_example), cmocka_unit_test(test_encrypted_and_extra_keys),
        cmocka_unit_test(test_refusals), cmocka_unit_test(test_not_utf8_and_nul),
        cmocka_unit_test(test_faults), cmocka_unit_test(test_process_id), cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_lossy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

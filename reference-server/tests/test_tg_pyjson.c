/* Python json error texts for rejected frames (positions in characters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "trustgraph/tg_pyjson.h"

static void expect(const char *doc, const char *message)
{
    char msg[200];
    bool ok = tg_pyjson_check(doc, strlen(doc), msg, sizeof msg);
    if (!message) {
        assert_true(ok);
        return;
    }
    assert_false(ok);
    assert_string_equal(msg, message);
}

static void test_accepts_json(void **state)
{
    (void)state;
    expect("{}", NULL);
    expect(" [1, -2.5e3, \"a\\u00e9\\n\", true, false, null, {\"k\": []}] \n", NULL);
    expect("0", NULL);
    expect("\"\xc3\xa9\"", NULL);
}

static void test_python_messages(void **state)
{
    (void)state;
    expect("", "Expecting value: line 1 column 1 (char 0)");
    expect("   ", "Expecting value: line 1 column 4 (char 3)");
    expect("{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)");
    expect("{'a':1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)");
    expect("[1,]", "Expecting value: line 1 column 4 (char 3)");
    expect("{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)");
    expect("{\"a\":1 \"b\":2}", "Expecting ',' delimiter: line 1 column 8 (char 7)");
    expect("{\"a\":1}x", "Extra data: line 1 column 8 (char 7)");
    expect("01", "Extra data: line 1 column 2 (char 1)");
    expect("-", "Expecting value: line 1 column 1 (char 0)");
    expect("\"abc", "Unterminated string starting at: line 1 column 1 (char 0)");
    expect("\"a\tb\"", "Invalid control character at: line 1 column 3 (char 2)");
    expect("\"a\\qb\"", "Invalid \\escape: line 1 column 3 (char 2)");
    expect("\"\\u12x4\"", "Invalid \\uXXXX escape: line 1 column 2 (char 1)");
    expect("{\n  \"a\": tru\n}", "Expecting value: line 2 column 8 (char 9)");
    /* Characters, not bytes: é is one character. */
    expect("[\"\xc3\xa9\" 1]", "Expecting ',' delimiter: line 1 column 6 (char 5)");
    expect("NaN", "Expecting value: line 1 column 1 (char 0)");
    expect("\xc3", "'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data");
    expect("\xc3(", "'utf-8' codec can't decode byte 0xc3 in position 0: invalid continuation byte");
}

static void test_nesting_limit(void **state)
{
    (void)state;
    static char doc[8192];
    memset(doc, '[', TG_PYJSON_MAX_DEPTH);
    memset(doc + TG_PYJSON_MAX_DEPTH, ']', TG_PYJSON_MAX_DEPTH);
    doc[2 * TG_PYJSON_MAX_DEPTH] = '\0';
    expect(doc, NULL);
    memset(doc, '[', 1000);
    doc[1000] = '\0';
    expect(doc, "maximum recursion depth exceeded while decoding a JSON array from a unicode string");
    for (int i = 0; i < 1000; i++)
        memcpy(doc + 5 * i, "{\"a\":", 5);
    doc[5000] = '\0';
    expect(doc, "maximum recursion depth exceeded while decoding a JSON object from a unicode string");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_json),
        cmocka_unit_test(test_python_messages),
        cmocka_unit_test(test_nesting_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Untrusted text into XML: escaping, removal of forbidden characters, U+FFFD
 * for invalid UTF-8, and the output cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xml_text.h"

/* Escapes len bytes of s; returns the output (caller frees) and the bytes consumed. */
static char *escape(const char *s, size_t len, wsc_xml_context ctx, size_t limit, size_t *used)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    size_t u = wsc_xml_write(m, s, len, ctx, limit);
    fclose(m);
    if (used) *used = u;
    return buf;
}

static void expect_content(const char *in, size_t len, const char *want)
{
    size_t used = 0;
    char *got = escape(in, len, WSC_XML_CONTENT, 0, &used);
    assert_string_equal(got, want);
    assert_int_equal(used, len);
    free(got);
}

static void escapes_markup(void **state)
{
    (void)state;
    expect_content("a<b>&c", 6, "a&lt;b&gt;&amp;c");
    expect_content("x]]>y", 5, "x]]&gt;y");
    expect_content("\"q\" 'a'", 7, "\"q\" 'a'");
    expect_content("t\tn\nr\r", 6, "t\tn\nr&#13;");
    char *got = escape("\"a\"\tb\nc\r<", 9, WSC_XML_ATTRIBUTE, 0, NULL);
    assert_string_equal(got, "&quot;a&quot;&#9;b&#10;c&#13;&lt;");
    free(got);
}

static void removes_forbidden_characters(void **state)
{
    (void)state;
    expect_content("a\0b\x01\x08\x0B\x0C\x1F" "c", 9, "abc");
    expect_content("\x7F", 1, "\x7F");              /* DEL is allowed in XML 1.0 */
    expect_content("\xEF\xBF\xBE\xEF\xBF\xBFz", 7, "z"); /* U+FFFE, U+FFFF */
    /* Colour codes go whole, not just the ESC byte. */
    expect_content("\x1B[1;31mred\x1B[0m!", 15, "red!");
    expect_content("\x1B]0;title\x07x", 11, "x");
    expect_content("\x1B" "Dx", 3, "x");
    expect_content("a\x1B", 2, "a");
}

static void replaces_invalid_utf8(void **state)
{
    (void)state;
    expect_content("\xC3\xA9", 2, "\xC3\xA9");                 /* é stays */
    expect_content("\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80"); /* 4-byte character stays */
    expect_content("\xFF", 1, "\xEF\xBF\xBD");
    expect_content("\xC3", 1, "\xEF\xBF\xBD");                 /* truncated */
    expect_content("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong '/' */
    expect_content("\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    expect_content("\xF4\x90\x80\x80", 4,
                   "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* above U+10FFFF */
    expect_content("a\x80z", 3, "a\xEF\xBF\xBDz");
}

static void limit_never_splits(void **state)
{
    (void)state;
    size_t used = 0;
    char *got = escape("ab&cd", 5, WSC_XML_CONTENT, 4, &used);
    assert_string_equal(got, "ab");  /* "&amp;" does not fit after "ab" */
    assert_int_equal(used, 2);
    free(got);
    got = escape("a\xC3\xA9", 3, WSC_XML_CONTENT, 2, &used);
    assert_string_equal(got, "a");
    assert_int_equal(used, 1);
    free(got);
    got = escape("abc", 3, WSC_XML_CONTENT, 3, &used);
    assert_string_equal(got, "abc");
    assert_int_equal(used, 3);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_markup),
        cmocka_unit_test(removes_forbidden_characters),
        cmocka_unit_test(replaces_invalid_utf8),
        cmocka_unit_test(limit_never_splits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

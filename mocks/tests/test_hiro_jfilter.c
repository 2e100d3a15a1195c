#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_jfilter.h"
#include "rng.h"

static const char *EVENT_TEXT =
    "{\"id\":\"q1\",\"type\":\"CREATE\",\"timestamp\":1764110000000,\"nanotime\":1,"
    "\"body\":{\"ogit/_id\":\"q1\",\"ogit/_type\":\"ogit/Question\",\"ogit/name\":\"Hello World\","
    "\"/n\":5,\"/price\":2.5,\"/neg\":-3,\"/s\":\"10\",\"/flag\":true,\"/tags\":[\"a\",\"b c\",7],"
    "\"/star\":\"a*b\",\"/paren\":\"f(x)\",\"/back\":\"a\\\\b\",\"/empty\":\"\",\"/null\":null,"
    "\"/obj\":{\"k\":1},\"/Case\":\"MiXed\",\"/big\":1764110000123},"
    "\"metadata\":{\"ogit/_modified-by\":\"alice\",\"ogit/_modified-on\":1764110000000}}";

static cJSON *event;

static int setup(void **state)
{
    (void)state;
    event = cJSON_Parse(EVENT_TEXT);
    return event ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(event);
    return 0;
}

static bool matches(const char *text)
{
    hiro_jfilter_error err = { 0 };
    hiro_jfilter *f = hiro_jfilter_parse(text, strlen(text), &err);
    if (!f)
        fail_msg("unexpected parse error for %s: at %zu: %s", text, err.pos, err.message);
    bool m = hiro_jfilter_match(f, event);
    hiro_jfilter_free(f);
    return m;
}

typedef struct {
    const char *filter;
    bool expected;
} match_case;

static void run_cases(const match_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool got = matches(cases[i].filter);
        if (got != cases[i].expected)
            fail_msg("%s: expected %s", cases[i].filter, cases[i].expected ? "match" : "no match");
    }
}
#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])

static void test_equals(void **state)
{
    (void)state;
    static const match_case cases[] = {
        { "(element.ogit/_type=ogit/Question)", true },
        { "(element.ogit/_type=ogit/Answer)", false },
        { "(element.ogit/_type = ogit/Question)", true },
        { "( element.ogit/_type\t=\n ogit/Question )", true },
        { "(element.ogit/_type=ogit/question)", false },      /* exact case */
        { "(element.ogit/_type=ogit/Question )", true },      /* value trimmed */
        { "(element.ogit/name=Hello World)", true },          /* inner space kept */
        { "(element.ogit/name=Hello  World)", false },
        { "(element./n=5)", true },                           /* number, numerically */
        { "(element./n=5.0)", true },
        { "(element./n=5e0)", true },
        { "(element./n=6)", false },
        { "(element./price=2.5)", true },
        { "(element./neg=-3)", true },
        { "(element./s=10)", true },                          /* string compared as text */
        { "(element./s=10.0)", false },
        { "(element./flag=true)", true },
        { "(element./flag=false)", false },
        { "(element./empty=)", true },
        { "(element./missing=x)", false },
        { "(element./null=x)", false },
        { "(element./obj=x)", false },
        { "(element./tags=a)", true },                        /* any list item */
        { "(element./tags=b c)", true },
        { "(element./tags=7)", true },
        { "(element./tags=z)", false },
        { "(element./big=1764110000123)", true },
        { "(action=CREATE)", true },
        { "(action=UPDATE)", false },
        { "(action = CREATE)", true },
        { "(action=create)", false },
        /* element attributes the body lacks come from metadata */
        { "(element.ogit/_modified-by=alice)", true },
        { "(element.ogit/_modified-on=1764110000000)", true },
    };
    RUN(cases);
}

static void test_differs(void **state)
{
    (void)state;
    static const match_case cases[] = {
        { "(element.ogit/_type!=ogit/Question)", false },
        { "(element.ogit/_type!=ogit/Answer)", true },
        { "(element.ogit/_type != ogit/Answer)", true },
        { "(element./n!=5)", false },
        { "(element./n!=4)", true },
        { "(element./missing!=x)", true },                    /* absent: differs */
        { "(element./null!=x)", true },
        { "(element./tags!=a)", false },
        { "(element./tags!=q)", true },
        { "(action!=CREATE)", false },
        { "(action!=DELETE)", true },
        { "(element./missing!=*)", true },                    /* absence test */
        { "(element./n!=*)", false },
        { "(element./s!=1*)", false },
        { "(element./s!=2*)", true },
    };
    RUN(cases);
}

static void test_ordering(void **state)
{
    (void)state;
    static const match_case cases[] = {
        { "(element./n>4)", true },
        { "(element./n>5)", false },
        { "(element./n>=5)", true },
        { "(element./n>=5.5)", false },
        { "(element./n<6)", true },
        { "(element./n<5)", false },
        { "(element./n<=5)", true },
        { "(element./n<=4.99)", false },
        { "(element./n > 4)", true },
        { "(element./n >= 5)", true },
        { "(element./n < 6)", true },
        { "(element./n <= 5)", true },
        { "(element./price>2.4)", true },
        { "(element./price<2.4)", false },
        { "(element./neg<0)", true },
        { "(element./neg>-3.5)", true },
        { "(element./big>1764110000000)", true },
        { "(element./big<1764110000000)", false },
        { "(element./s>9)", true },                           /* numeric string: numerically */
        { "(element./s<9)", false },
        { "(element./s>=10)", true },
        { "(element./s>1e1)", false },
        { "(element./tags>6)", true },                        /* the numeric list item */
        { "(element./tags>7)", false },
        { "(element.ogit/name>1)", false },                   /* not a number: no match */
        { "(element./flag>0)", false },
        { "(element./missing>0)", false },
        { "(element./missing<0)", false },
        { "(action>0)", false },
    };
    RUN(cases);
}

static void test_wildcards(void **state)
{
    (void)state;
    static const match_case cases[] = {
        { "(element.ogit/_id=*)", true },                     /* presence */
        { "(element.ogit/_id = *)", true },
        { "(element./missing=*)", false },
        { "(element./null=*)", false },
        { "(element./obj=*)", true },
        { "(element./empty=*)", true },
        { "(action=*)", true },
        { "(action=C*)", true },
        { "(action=CR*TE)", true },
        { "(action=*ATE)", true },
        { "(action=*REA*)", true },
        { "(action=C*C*)", false },
        { "(action=CREATE*)", true },                         /* zero bytes */
        { "(action=*CREATE*)", true },
        { "(action=CONN*)", false },
        { "(action=c*)", false },
        { "(element.ogit/_type=ogit/*)", true },
        { "(element.ogit/_type=*/Quest*)", true },
        { "(element.ogit/_type=*Answer*)", false },
        { "(element.ogit/name=Hello*World)", true },
        { "(element.ogit/name=H*o*o*d)", true },
        { "(element.ogit/name=H*o*o*o*d)", false },
        { "(element.ogit/name=*o W*)", true },
        { "(element./n=5*)", true },                          /* glob over the number's text */
        { "(element./price=2.*)", true },
        { "(element./flag=t*)", true },
        { "(element./tags=b*)", true },
        { "(element./tags=*z*)", false },
        { "(element./star=a*b)", true },                      /* 'a' then 'b' */
        { "(element./star=a**b)", true },
        { "(element./empty=**)", true },
        { "(element./Case=mi*)", false },                     /* exact case */
        { "(element./Case=Mi*)", true },
    };
    RUN(cases);
}

/* The hard case for naive substring search: the answer must be right (and it is linear). */
static void test_glob_search_worst_case(void **state)
{
    (void)state;
    size_t n = 200000;
    char *hay = malloc(n + 1);
    memset(hay, 'a', n);
    hay[n] = '\0';
    cJSON *el = cJSON_CreateObject();
    cJSON_AddStringToObject(el, "/s", hay);
    size_t m = 20000;
    char *filter = malloc(m + 64);
    size_t k = (size_t)sprintf(filter, "(element./s=*");
    memset(filter + k, 'a', m);
    k += m;
    strcpy(filter + k, "b*)");
    hiro_jfilter *f = hiro_jfilter_parse(filter, strlen(filter), NULL);
    assert_non_null(f);
    assert_false(hiro_jfilter_match_parts(f, "CREATE", el, NULL));
    hiro_jfilter_free(f);
    /* the same with the b at the haystack's end matches */
    hay[n - 1] = 'b';
    cJSON_ReplaceItemInObject(el, "/s", cJSON_CreateString(hay));
    f = hiro_jfilter_parse(filter, strlen(filter), NULL);
    assert_true(hiro_jfilter_match_parts(f, "CREATE", el, NULL));
    hiro_jfilter_free(f);
    /* overlapping prefixes: "abab*abac" style self-overlap */
    cJSON *el2 = cJSON_Parse("{\"/s\":\"xxababacab\"}");
    static const match_case overlap[] = {
        { "(element./s=*ababac*)", true }, { "(element./s=*abac*ab)", true }, { "(element./s=x*abab*c*)", true },
        { "(element./s=*ababab*)", false }, { "(element./s=*aba*aca*)", true }, { "(element./s=*abac*abab*)", false },
    };
    for (size_t i = 0; i < sizeof overlap / sizeof overlap[0]; i++) {
        hiro_jfilter *g = hiro_jfilter_parse(overlap[i].filter, strlen(overlap[i].filter), NULL);
        if (hiro_jfilter_match_parts(g, "CREATE", el2, NULL) != overlap[i].expected)
            fail_msg("%s", overlap[i].filter);
        hiro_jfilter_free(g);
    }
    cJSON_Delete(el2);
    cJSON_Delete(el);
    free(filter);
    free(hay);
}

static void test_escapes(void **state)
{
    (void)state;
    static const match_case cases[] = {
        { "(element./star=a\\2ab)", true },                   /* literal '*' */
        { "(element./star=a\\2Ab)", true },                   /* hex case-insensitive */
        { "(element./star=a\\2a*)", true },
        { "(element.ogit/name=Hello\\2aWorld)", false },      /* escaped star is no wildcard */
        { "(element./paren=f\\28x\\29)", true },
        { "(element./paren=f\\28*)", true },
        { "(element./back=a\\5cb)", true },
        { "(element./back=a\\5c*)", true },
        { "(element.ogit/name=Hello\\20World)", true },
        { "(element.ogit/name=\\48ello World)", true },
        { "(element./empty=\\00)", false },                   /* NUL matches no JSON text */
        { "(element./empty!=\\00)", true },
        { "(element./n=\\35)", true },                        /* "5" decoded, then numeric */
    };
    RUN(cases);
}

static void test_boolean_operators(void **state)
{
    (void)state;
    static const match_case cases[] = {
        { "&(element.ogit/_type=ogit/Question)(action=C*)", true },   /* the document's example */
        { "&(element.ogit/_type=ogit/Question)(action=U*)", false },
        { "(&(element.ogit/_type=ogit/Question)(action=C*))", true },
        { "&(element.ogit/_type = ogit/Automation/AutomationIssue)", false },
        { "&(element.ogit/_type = ogit/Question)", true },            /* AND with one operand */
        { "|(action=UPDATE)", false },
        { "|(action=UPDATE)(action=CREATE)", true },
        { "|(action=UPDATE)(action=DELETE)", false },
        { "(|(action = GET)(action = UPDATE)(action = CREATE)(action = DELETE))", true },
        { "!(action=UPDATE)", true },
        { "!(action=CREATE)", false },
        { "(!(action=CREATE))", false },
        { "!(!(action=CREATE))", true },
        { "!(&(action=CREATE)(element./n=5))", false },
        { "!(|(action=UPDATE)(element./n=6))", true },
        { "&(|(action = GET)(action = UPDATE)(action = CREATE))(element.ogit/_type=ogit/Question)", true },
        { "&(|(action = GET)(action = UPDATE))(element.ogit/_type=ogit/Question)", false },
        { "(&(element./n>1)(|(element./s=x)(element./flag=true)))", true },
        { "(&(element./n>1)(|(element./s=x)(element./flag=false)))", false },
        { "&(element./n>=5)(element./n<=5)(element./n!=4)(!(element./n<5))", true },
        { "& (action=CREATE) (element./n=5)", true },                 /* spaces between items */
        { "  &(action=CREATE)(element./n=5)  ", true },
        { "( & (action=CREATE) ( | (element./n=1) (element./n=5) ) )", true },
    };
    RUN(cases);
}

static void test_canonical_text(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "(element.ogit/_type = ogit/Question)", "(element.ogit/_type=ogit/Question)" },
        { "&(element.ogit/_type=ogit/Question)(action=C*)", "(&(element.ogit/_type=ogit/Question)(action=C*))" },
        { "( | (action = GET) ( ! (element./a >= 1.5) ) )", "(|(action=GET)(!(element./a>=1.5)))" },
        { "(element./a=x\\2ay*z)", "(element./a=x\\2ay*z)" },
        { "(element./a=\\28\\29\\5C\\00)", "(element./a=\\28\\29\\5c\\00)" },
        { "(element./a=\\20x\\20)", "(element./a=\\20x\\20)" },
        { "(element./a=\\41 b)", "(element./a=A b)" },
        { "(element./a!=*)", "(element./a!=*)" },
        { "(element./a=)", "(element./a=)" },
        { "&(&(&(action=A)))", "(&(&(&(action=A))))" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hiro_jfilter *f = hiro_jfilter_parse(cases[i].in, strlen(cases[i].in), NULL);
        assert_non_null(f);
        char *s = hiro_jfilter_to_string(f);
        assert_string_equal(s, cases[i].out);
        hiro_jfilter *g = hiro_jfilter_parse(s, strlen(s), NULL);
        assert_non_null(g);
        char *t = hiro_jfilter_to_string(g);
        assert_string_equal(t, s);
        free(t);
        free(s);
        hiro_jfilter_free(g);
        hiro_jfilter_free(f);
    }
}

typedef struct {
    const char *filter;
    size_t pos;
    const char *message;
} error_case;

static void test_malformed(void **state)
{
    (void)state;
    static const error_case cases[] = {
        { "", 0, "empty filter" },
        { "   ", 3, "empty filter" },
        { "element.a=b", 0, "expected '(' or one of '&', '|', '!'" },
        { "(element.a=b", 12, "missing ')' after the value" },
        { "((element.a=b)", 1, "expected an attribute ('action' or 'element.<name>')" },
        { "(element.a=b))", 13, "unexpected text after the filter" },
        { "(element.a=b)(action=C)", 13, "unexpected text after the filter" },
        { "(&(element.a=b)", 15, "missing ')' at the end" },
        { "(&(element.a=b) x)", 16, "expected ')'" },
        { "&", 1, "'&' needs at least one filter in parentheses" },
        { "|  ", 3, "'|' needs at least one filter in parentheses" },
        { "(!)", 2, "'!' needs at least one filter in parentheses" },
        { "&element.a=b", 1, "'&' needs at least one filter in parentheses" },
        { "!(action=A)(action=B)", 11, "'!' takes exactly one filter" },
        { "()", 1, "expected an attribute ('action' or 'element.<name>')" },
        { "(=x)", 1, "expected an attribute ('action' or 'element.<name>')" },
        { "(ogit/_type=x)", 1, "unknown attribute 'ogit/_type': expected 'action' or 'element.<name>'" },
        { "(element.=x)", 1, "unknown attribute 'element.': expected 'action' or 'element.<name>'" },
        { "(Action=x)", 1, "unknown attribute 'Action': expected 'action' or 'element.<name>'" },
        { "(element.a)", 10, "expected a comparison operator (=, !=, >, >=, <, <=)" },
        { "(element.a ~= b)", 11, "expected a comparison operator (=, !=, >, >=, <, <=)" },
        { "(element.a! b)", 10, "expected a comparison operator (=, !=, >, >=, <, <=)" },
        { "(element.a=b(c)", 12, "unescaped '(' in value (write \\28)" },
        { "(element.a=\\2)", 11, "bad escape: '\\' must be followed by two hex digits" },
        { "(element.a=\\zz)", 11, "bad escape: '\\' must be followed by two hex digits" },
        { "(element.a=x\\", 12, "bad escape: '\\' must be followed by two hex digits" },
        { "(element.a=\\2a", 14, "missing ')' after the value" },
        { "(element.a>x)", 11, "'>' compares numbers: the value is not a number" },
        { "(element.a>=1*)", 12, "wildcard '*' is not allowed with '>='" },
        { "(element.a<)", 11, "'<' compares numbers: the value is not a number" },
        { "(element.a<=0x10)", 12, "'<=' compares numbers: the value is not a number" },
        { "(element.a>1.)", 11, "'>' compares numbers: the value is not a number" },
        { "(element.a>inf)", 11, "'>' compares numbers: the value is not a number" },
        { "(&(a=b))", 3, "unknown attribute 'a': expected 'action' or 'element.<name>'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hiro_jfilter_error err = { 0 };
        hiro_jfilter *f = hiro_jfilter_parse(cases[i].filter, strlen(cases[i].filter), &err);
        if (f)
            fail_msg("%s: parsed but should not", cases[i].filter);
        if (err.pos != cases[i].pos || strcmp(err.message, cases[i].message) != 0)
            fail_msg("%s: got at %zu: %s; expected at %zu: %s", cases[i].filter, err.pos, err.message,
                     cases[i].pos, cases[i].message);
    }
    /* A NUL byte inside the input is reported where it is. */
    hiro_jfilter_error err = { 0 };
    assert_null(hiro_jfilter_parse("(action=A\0B)", 12, &err));
    assert_int_equal(err.pos, 9);
    assert_string_equal(err.message, "NUL byte in filter (write \\00)");
    assert_null(hiro_jfilter_parse(NULL, 0, &err));
    assert_string_equal(err.message, "empty filter");
    /* a NULL err pointer is allowed either way */
    assert_null(hiro_jfilter_parse("(action=A", 9, NULL));
    hiro_jfilter *ok = hiro_jfilter_parse("(action=A)", 10, NULL);
    assert_non_null(ok);
    hiro_jfilter_free(ok);
    char buf[200];
    err.pos = 12;
    strcpy(err.message, "expected ')'");
    hiro_jfilter_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "jfilter: at 12: expected ')'");
}

static char *repeat(const char *unit, size_t times, const char *middle, const char *tail_unit)
{
    size_t n = strlen(unit) * times + strlen(middle) + strlen(tail_unit) * times + 1;
    char *s = malloc(n);
    assert_non_null(s);
    s[0] = '\0';
    char *p = s;
    for (size_t i = 0; i < times; i++)
        p = stpcpy(p, unit);
    p = stpcpy(p, middle);
    for (size_t i = 0; i < times; i++)
        p = stpcpy(p, tail_unit);
    return s;
}

static void test_depth_and_size_limits(void **state)
{
    (void)state;
    /* 32 nested parentheses parse; 33 do not. */
    char *ok = repeat("(!", 31, "(action=DELETE)", ")");
    hiro_jfilter *f = hiro_jfilter_parse(ok, strlen(ok), NULL);
    assert_non_null(f);
    assert_true(hiro_jfilter_match(f, event)); /* 31 negations of false */
    hiro_jfilter_free(f);
    free(ok);

    char *deep = repeat("(!", 32, "(action=DELETE)", ")");
    hiro_jfilter_error err = { 0 };
    assert_null(hiro_jfilter_parse(deep, strlen(deep), &err));
    assert_int_equal(err.pos, 64);
    assert_string_equal(err.message, "filter nested too deeply (at most 32 levels)");
    free(deep);

    /* Far deeper than any stack could take: refused at the cap, quickly. */
    char *abyss = repeat("(&", 30000, "", "");
    assert_null(hiro_jfilter_parse(abyss, strlen(abyss), &err));
    assert_int_equal(err.pos, 64);
    assert_string_equal(err.message, "filter nested too deeply (at most 32 levels)");
    free(abyss);
    char *prefixes = repeat("&", 60000, "", "");
    assert_null(hiro_jfilter_parse(prefixes, strlen(prefixes), &err));
    assert_string_equal(err.message, "'&' needs at least one filter in parentheses");
    free(prefixes);

    /* Wide filters are fine up to the size cap. */
    char *wide = repeat("(element./n=5)", 4000, "", "");
    char *wide_and = malloc(strlen(wide) + 2);
    wide_and[0] = '&';
    strcpy(wide_and + 1, wide);
    f = hiro_jfilter_parse(wide_and, strlen(wide_and), NULL);
    assert_non_null(f);
    assert_true(hiro_jfilter_match(f, event));
    hiro_jfilter_free(f);
    free(wide_and);
    free(wide);

    char *huge = malloc(HIRO_JFILTER_MAX_LEN + 2);
    memset(huge, 'x', HIRO_JFILTER_MAX_LEN + 1);
    memcpy(huge, "(element.a=", 11);
    huge[HIRO_JFILTER_MAX_LEN] = ')';
    huge[HIRO_JFILTER_MAX_LEN + 1] = '\0';
    assert_null(hiro_jfilter_parse(huge, HIRO_JFILTER_MAX_LEN + 1, &err));
    assert_string_equal(err.message, "filter longer than 65536 bytes");
    /* exactly at the cap it parses */
    f = hiro_jfilter_parse(huge, HIRO_JFILTER_MAX_LEN, &err);
    assert_null(f); /* no ')' at byte 65535 */
    huge[HIRO_JFILTER_MAX_LEN - 1] = ')';
    f = hiro_jfilter_parse(huge, HIRO_JFILTER_MAX_LEN, &err);
    assert_non_null(f);
    assert_false(hiro_jfilter_match(f, event));
    hiro_jfilter_free(f);
    free(huge);
}

static void test_match_parts_and_odd_events(void **state)
{
    (void)state;
    hiro_jfilter *f = hiro_jfilter_parse("(element.ogit/_id=*)", 20, NULL);
    assert_non_null(f);
    assert_false(hiro_jfilter_match(f, NULL));
    cJSON *arr = cJSON_CreateArray();
    assert_false(hiro_jfilter_match(f, arr));
    cJSON_Delete(arr);
    cJSON *no_body = cJSON_Parse("{\"type\":\"CREATE\",\"body\":\"x\"}");
    assert_false(hiro_jfilter_match(f, no_body));
    cJSON_Delete(no_body);
    hiro_jfilter_free(f);

    f = hiro_jfilter_parse("!(action=*)", 11, NULL);
    assert_true(hiro_jfilter_match_parts(f, NULL, NULL, NULL));
    assert_false(hiro_jfilter_match_parts(f, "UPDATE", NULL, NULL));
    hiro_jfilter_free(f);

    /* body wins over metadata for the same name */
    cJSON *el = cJSON_Parse("{\"ogit/_modified-by\":\"bob\"}");
    cJSON *md = cJSON_Parse("{\"ogit/_modified-by\":\"alice\"}");
    f = hiro_jfilter_parse("(element.ogit/_modified-by=bob)", 31, NULL);
    assert_true(hiro_jfilter_match_parts(f, "UPDATE", el, md));
    hiro_jfilter_free(f);
    cJSON_Delete(el);
    cJSON_Delete(md);
    assert_false(hiro_jfilter_match(NULL, event));
    assert_null(hiro_jfilter_to_string(NULL));
    hiro_jfilter_free(NULL);
}

static uint64_t rnd_state;

static uint64_t rnd(uint64_t n)
{
    rnd_state = mock_splitmix64(rnd_state);
    return rnd_state % n;
}

static void append(char *buf, size_t *len, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n < cap) {
        memcpy(buf + *len, s, n);
        *len += n;
    }
}

/* A random filter from the grammar (spaces, escapes, globs, nesting). */
static void gen_filter(char *buf, size_t *len, size_t cap, int depth)
{
    static const char *const attrs[] = { "action", "element./n", "element.ogit/_type", "element./tags",
                                         "element./s", "element.ogit/name", "element./missing" };
    static const char *const ops[] = { "=", "!=", ">", ">=", "<", "<=" };
    static const char *const words[] = { "5", "-1.5e3", "10", "C*", "*", "CREATE", "ogit/*", "a\\2ab",
                                         "\\28x\\29", "", "H*o W*", " 7 ", "b c", "\\00" };
    static const char *const sp[] = { "", " ", "\t" };
    append(buf, len, cap, sp[rnd(3)]);
    if (depth < 6 && rnd(3) == 0) {
        append(buf, len, cap, "(");
        append(buf, len, cap, (const char *[]){ "&", "|", "!" }[rnd(3)]);
        size_t n = 1 + rnd(3);
        for (size_t i = 0; i < n; i++)
            gen_filter(buf, len, cap, depth + 1);
        append(buf, len, cap, ")");
    } else {
        append(buf, len, cap, "(");
        append(buf, len, cap, attrs[rnd(7)]);
        append(buf, len, cap, sp[rnd(3)]);
        append(buf, len, cap, ops[rnd(6)]);
        append(buf, len, cap, sp[rnd(3)]);
        append(buf, len, cap, words[rnd(14)]);
        append(buf, len, cap, ")");
    }
}

/* Random inputs: raw bytes, grammar-built filters, and grammar-built filters with a few
 * bytes changed. Parsing never crashes; a failure names a position inside the input;
 * every filter that parses evaluates, and its canonical text parses back to itself
 * with the same verdict. Run under the asan build as well. */
static void test_random_inputs_never_crash(void **state)
{
    (void)state;
    rnd_state = 12345;
    size_t parsed = 0, rejected = 0;
    char buf[2048];
    for (int iter = 0; iter < 60000; iter++) {
        size_t len = 0;
        if (iter % 3 == 0) {
            size_t n = rnd(96);
            for (size_t i = 0; i < n; i++)
                buf[len++] = (char)rnd(256);
        } else {
            gen_filter(buf, &len, sizeof buf, 0);
            if (iter % 3 == 2 && len > 0) {
                size_t edits = 1 + rnd(3);
                for (size_t e = 0; e < edits; e++)
                    buf[rnd(len)] = "()&|!=<>*\\ a0"[rnd(14)];
            }
        }
        hiro_jfilter_error err = { 0 };
        hiro_jfilter *f = hiro_jfilter_parse(buf, len, &err);
        if (!f) {
            rejected++;
            assert_true(err.pos <= len);
            assert_true(err.message[0] != '\0');
            continue;
        }
        parsed++;
        bool verdict = hiro_jfilter_match(f, event);
        char *s = hiro_jfilter_to_string(f);
        assert_non_null(s);
        hiro_jfilter *g = hiro_jfilter_parse(s, strlen(s), &err);
        if (!g)
            fail_msg("canonical text %s does not parse: %s", s, err.message);
        char *t = hiro_jfilter_to_string(g);
        assert_string_equal(s, t);
        assert_int_equal(verdict, hiro_jfilter_match(g, event));
        free(t);
        free(s);
        hiro_jfilter_free(g);
        hiro_jfilter_free(f);
    }
    print_message("parsed %zu, rejected %zu\n", parsed, rejected);
    /* both paths are exercised */
    assert_true(parsed > 5000);
    assert_true(rejected > 20000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equals),
        cmocka_unit_test(test_differs),
        cmocka_unit_test(test_ordering),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_glob_search_worst_case),
        cmocka_unit_test(test_boolean_operators),
        cmocka_unit_test(test_canonical_text),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_depth_and_size_limits),
        cmocka_unit_test(test_match_parts_and_odd_events),
        cmocka_unit_test(test_random_inputs_never_crash),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

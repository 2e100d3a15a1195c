#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_subprotocol.h"
#include "hiro/hiro_token.h"

static const unsigned char KEY[] = "wsconf-hiro-key";
#define KEYLEN (sizeof KEY - 1)

/* Computed independently (Python hmac + base64) for the claims of test_issue_exact. */
static const char EXPECTED_TOKEN[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiJhY2NAeCIsImlhdCI6MTc2NDExMDAwMCwiZXhwIjoxNzY0MTEzNjAwLjUsImRhdGEiOnsiZGVmYXVsdC1zY29wZSI6InNjb3BlLTEifX0."
    "HN66N_bcgaviflJO0ElbR7cvnUx3JvXO604A7pfUWvY";

static hiro_token_claims claims(int64_t exp_ms)
{
    hiro_token_claims c = { .iat_ms = 1764110000000, .exp_ms = exp_ms };
    strcpy(c.sub, "acc@x");
    strcpy(c.default_scope, "scope-1");
    return c;
}

static void test_issue_exact(void **state)
{
    (void)state;
    hiro_token_claims c = claims(1764113600500);
    char *t = hiro_token_issue(KEY, KEYLEN, &c);
    assert_string_equal(t, EXPECTED_TOKEN);
    hiro_token_claims got;
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, t, 1764110000000, &got), HIRO_TOKEN_OK);
    assert_string_equal(got.sub, "acc@x");
    assert_string_equal(got.default_scope, "scope-1");
    assert_int_equal(got.iat_ms, 1764110000000);
    assert_int_equal(got.exp_ms, 1764113600500);
    free(t);
}

static void test_expiry_boundary(void **state)
{
    (void)state;
    hiro_token_claims c = claims(1764110001250);
    char *t = hiro_token_issue(KEY, KEYLEN, &c);
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, t, 1764110001249, NULL), HIRO_TOKEN_OK);
    hiro_token_claims got = { 0 };
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, t, 1764110001250, &got), HIRO_TOKEN_EXPIRED);
    assert_string_equal(got.sub, "acc@x"); /* claims still readable */
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, t, 1864110000000, NULL), HIRO_TOKEN_EXPIRED);
    free(t);
    /* no default scope: no data member value */
    c.default_scope[0] = '\0';
    t = hiro_token_issue(KEY, KEYLEN, &c);
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, t, 0, &got), HIRO_TOKEN_OK);
    assert_string_equal(got.default_scope, "");
    free(t);
}

static void test_rejections(void **state)
{
    (void)state;
    hiro_token_claims c = claims(1764113600500);
    char *t = hiro_token_issue(KEY, KEYLEN, &c);
    const unsigned char other[] = "another-key";
    assert_int_equal(hiro_token_verify(other, sizeof other - 1, t, 0, NULL), HIRO_TOKEN_BAD_SIGNATURE);
    /* the unverified claims are still readable, for diagnostics */
    hiro_token_claims seen = { 0 };
    assert_int_equal(hiro_token_verify(other, sizeof other - 1, t, 0, &seen), HIRO_TOKEN_BAD_SIGNATURE);
    assert_string_equal(seen.sub, "acc@x");
    assert_int_equal(seen.exp_ms, 1764113600500);

    /* a payload changed after signing */
    char *forged = strdup(t);
    char *p = strchr(forged, '.') + 1;
    p[5] = p[5] == 'A' ? 'B' : 'A';
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, forged, 0, NULL), HIRO_TOKEN_BAD_SIGNATURE);
    /* a signature changed */
    strcpy(forged, t);
    forged[strlen(forged) - 2] = forged[strlen(forged) - 2] == 'a' ? 'b' : 'a';
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, forged, 0, NULL), HIRO_TOKEN_BAD_SIGNATURE);
    free(forged);
    free(t);

    /* the well-known jwt.io example: correctly signed with its key, but it has no exp */
    static const char JWTIO[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                                "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
                                "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    const unsigned char jwtio_key[] = "your-256-bit-secret";
    assert_int_equal(hiro_token_verify(jwtio_key, sizeof jwtio_key - 1, JWTIO, 0, NULL), HIRO_TOKEN_MALFORMED);
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, JWTIO, 0, NULL), HIRO_TOKEN_BAD_SIGNATURE);

    /* alg none (header {"alg":"none"}), structure and encoding errors */
    static const char *const malformed[] = {
        "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.",
        "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "abc",
        "a.b",
        "a.b.c.d",
        "....",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.***",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5cAAAA",
        "!!!.e30.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "W10.e30.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", /* header [] */
        "TESTTOKEN",
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        if (hiro_token_verify(KEY, KEYLEN, malformed[i], 0, NULL) != HIRO_TOKEN_MALFORMED)
            fail_msg("%s accepted as well formed", malformed[i]);
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, NULL, 0, NULL), HIRO_TOKEN_MISSING);
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, "", 0, NULL), HIRO_TOKEN_MISSING);
    char *huge = malloc(HIRO_TOKEN_MAX_LEN + 10);
    memset(huge, 'a', HIRO_TOKEN_MAX_LEN + 9);
    huge[HIRO_TOKEN_MAX_LEN + 9] = '\0';
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, huge, 0, NULL), HIRO_TOKEN_MALFORMED);
    free(huge);

    /* the longest claims round-trip */
    hiro_token_claims big = claims(1);
    memset(big.sub, 'x', sizeof big.sub - 1);
    big.sub[sizeof big.sub - 1] = '\0';
    char *bt = hiro_token_issue(KEY, KEYLEN, &big);
    assert_non_null(bt); /* 127 bytes fit */
    assert_int_equal(hiro_token_verify(KEY, KEYLEN, bt, 0, NULL), HIRO_TOKEN_OK);
    free(bt);

    assert_string_equal(hiro_token_status_message(HIRO_TOKEN_EXPIRED), "token expired");
    assert_string_equal(hiro_token_status_message(HIRO_TOKEN_MISSING), "authentication required");
    assert_string_equal(hiro_token_status_message(HIRO_TOKEN_BAD_SIGNATURE), "token invalid");
    assert_string_equal(hiro_token_status_message(HIRO_TOKEN_MALFORMED), "token malformed");
}

static void expect_select(const char *header, hiro_endpoint ep, bool lenient, hiro_select want, const char *name)
{
    hiro_offer o;
    assert_int_equal(hiro_offer_parse(header, &o), 0);
    const char *got = "unset";
    hiro_select s = hiro_select_protocol(&o, ep, lenient, &got);
    if (s != want || (name ? !got || strcmp(got, name) != 0 : got != NULL))
        fail_msg("%s (%s): got %d %s", header ? header : "(none)", lenient ? "lenient" : "strict", s,
                 got ? got : "(null)");
    hiro_offer_free(&o);
}

static void test_offer_parsing(void **state)
{
    (void)state;
    hiro_offer o;
    assert_int_equal(hiro_offer_parse("events-1.0.0, token-TESTTOKEN", &o), 0);
    assert_int_equal(o.nprotocols, 1);
    assert_string_equal(o.protocols[0], "events-1.0.0");
    assert_string_equal(o.token, "TESTTOKEN");
    hiro_offer_free(&o);

    assert_int_equal(hiro_offer_parse(" token-a.b.c ,graph-2.0.0,\ttoken-second , , x ", &o), 0);
    assert_string_equal(o.token, "a.b.c");
    assert_int_equal(o.nprotocols, 2);
    assert_string_equal(o.protocols[0], "graph-2.0.0");
    assert_string_equal(o.protocols[1], "x");
    hiro_offer_free(&o);

    assert_int_equal(hiro_offer_parse("events-1.0.0, token-", &o), 0);
    assert_non_null(o.token);
    assert_string_equal(o.token, ""); /* present but empty: the 401 path */
    hiro_offer_free(&o);

    assert_int_equal(hiro_offer_parse("events-1.0.0, Token-X, token", &o), 0);
    assert_null(o.token); /* prefix is literal and case-sensitive */
    assert_int_equal(o.nprotocols, 3);
    hiro_offer_free(&o);

    assert_int_equal(hiro_offer_parse(NULL, &o), 0);
    assert_int_equal(o.nprotocols, 0);
    assert_null(o.token);
    hiro_offer_free(&o);

    /* more entries than kept: the rest is ignored, nothing overflows */
    char many[4096] = "";
    for (int i = 0; i < 100; i++)
        strcat(many, "p,");
    strcat(many, "token-late");
    assert_int_equal(hiro_offer_parse(many, &o), 0);
    assert_int_equal(o.nprotocols, HIRO_OFFER_MAX_ENTRIES);
    assert_null(o.token);
    hiro_offer_free(&o);
}

static void test_protocol_selection(void **state)
{
    (void)state;
    /* strict: only the endpoint's documented name, never the token entry */
    expect_select("events-1.0.0, token-T", HIRO_EP_EVENTS, false, HIRO_SELECT_PROTOCOL, "events-1.0.0");
    expect_select("graph-2.0.0, token-T", HIRO_EP_GRAPH, false, HIRO_SELECT_PROTOCOL, "graph-2.0.0");
    expect_select("token-T, graph-2.0.0", HIRO_EP_GRAPH, false, HIRO_SELECT_PROTOCOL, "graph-2.0.0");
    expect_select("None, token-T", HIRO_EP_EVENTS, false, HIRO_SELECT_REFUSE, NULL);
    expect_select("6.1, token-T", HIRO_EP_EVENTS, false, HIRO_SELECT_REFUSE, NULL);
    expect_select("graph-2.0.0, token-T", HIRO_EP_EVENTS, false, HIRO_SELECT_REFUSE, NULL);
    expect_select("events-1.0.0, token-T", HIRO_EP_GRAPH, false, HIRO_SELECT_REFUSE, NULL);
    expect_select("token-T", HIRO_EP_EVENTS, false, HIRO_SELECT_REFUSE, NULL);
    expect_select(NULL, HIRO_EP_GRAPH, false, HIRO_SELECT_REFUSE, NULL);
    expect_select("None, events-1.0.0, token-T", HIRO_EP_EVENTS, false, HIRO_SELECT_PROTOCOL, "events-1.0.0");
    /* lenient: the first non-token entry, whatever it is */
    expect_select("None, token-T", HIRO_EP_EVENTS, true, HIRO_SELECT_PROTOCOL, "None");
    expect_select("6.1, token-T", HIRO_EP_EVENTS, true, HIRO_SELECT_PROTOCOL, "6.1");
    expect_select("graph-2.0.0, token-T", HIRO_EP_EVENTS, true, HIRO_SELECT_PROTOCOL, "graph-2.0.0");
    expect_select("token-T, events-1.0.0", HIRO_EP_EVENTS, true, HIRO_SELECT_PROTOCOL, "events-1.0.0");
    expect_select("token-T", HIRO_EP_EVENTS, true, HIRO_SELECT_NONE, NULL);
    expect_select(NULL, HIRO_EP_GRAPH, true, HIRO_SELECT_NONE, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_exact),
        cmocka_unit_test(test_expiry_boundary),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_offer_parsing),
        cmocka_unit_test(test_protocol_selection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

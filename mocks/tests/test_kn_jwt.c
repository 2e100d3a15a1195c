/* Kinode JWT: base64url, HS256 against RFC 7515 appendix A.1 / RFC 7519 section 3.1, and
 * every refusal of kn_jwt_verify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kinode/kn_b64url.h"
#include "kinode/kn_jwt.h"

/* RFC 7515 A.1: the JWS Protected Header and Payload, byte for byte (CRLF and spaces). */
static const char rfc_header[] = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
static const char rfc_payload[] = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
static const char rfc_key_b64[] = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
static const char rfc_token[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

static const char secret[] = "wsconf-kinode-jwt-secret";
#define NOW 1700000000.0

static kn_jwt_policy policy(void)
{
    return (kn_jwt_policy){ .node = "fake.dev", .check_subdomain = true, .check_expiry = true, .now_s = NOW };
}

static kn_jwt_status verify(const char *tok, const kn_jwt_policy *p)
{
    return kn_jwt_verify(tok, strlen(tok), secret, strlen(secret), p);
}

static void test_b64url_roundtrip(void **s)
{
    (void)s;
    char out[32];
    unsigned char back[32];
    size_t n;
    kn_b64url_encode("\xfb\xff", 2, out);
    assert_string_equal(out, "-_8");
    kn_b64url_encode("any carnal pleas", 16, out);
    assert_string_equal(out, "YW55IGNhcm5hbCBwbGVhcw");
    assert_true(kn_b64url_decode("YW55IGNhcm5hbCBwbGVhcw", 22, back, &n));
    assert_int_equal(n, 16);
    assert_memory_equal(back, "any carnal pleas", 16);
    assert_int_equal(kn_b64url_encoded_len(0), 0);
    assert_int_equal(kn_b64url_encoded_len(1), 2);
    assert_int_equal(kn_b64url_encoded_len(32), 43);
    assert_false(kn_b64url_decode("YQ==", 4, back, &n)); /* padding */
    assert_false(kn_b64url_decode("Y+8", 3, back, &n));  /* standard alphabet */
    assert_false(kn_b64url_decode("YWJjZ", 5, back, &n)); /* 4k+1 characters */
}

static void test_rfc7515_a1_sign(void **s)
{
    (void)s;
    unsigned char key[64];
    size_t keylen;
    assert_true(kn_b64url_decode(rfc_key_b64, strlen(rfc_key_b64), key, &keylen));
    assert_int_equal(keylen, 64);
    char *tok = kn_jwt_sign(key, keylen, rfc_header, rfc_payload);
    assert_non_null(tok);
    assert_string_equal(tok, rfc_token);
    free(tok);
}

static void test_rfc7519_example_verifies(void **s)
{
    (void)s;
    unsigned char key[64];
    size_t keylen;
    assert_true(kn_b64url_decode(rfc_key_b64, strlen(rfc_key_b64), key, &keylen));
    /* The RFC's header says "typ" first; only alg matters. */
    assert_int_equal(kn_jwt_verify(rfc_token, strlen(rfc_token), key, keylen, NULL), KN_JWT_OK);
    char bad[sizeof rfc_token];
    memcpy(bad, rfc_token, sizeof rfc_token);
    bad[sizeof rfc_token - 2] = bad[sizeof rfc_token - 2] == 'k' ? 'j' : 'k';
    assert_int_equal(kn_jwt_verify(bad, strlen(bad), key, keylen, NULL), KN_JWT_BAD_SIGNATURE);
    /* The RFC's claims have no username: a node policy refuses them. */
    kn_jwt_policy p = policy();
    assert_int_equal(kn_jwt_verify(rfc_token, strlen(rfc_token), key, keylen, &p), KN_JWT_BAD_CLAIMS);
}

static void test_mint_shape_and_verify(void **s)
{
    (void)s;
    char *tok = kn_jwt_mint(secret, strlen(secret), "fake.dev", 1800000000);
    assert_non_null(tok);
    /* base64url of {"alg":"HS256"} and of the claims in Kinode's key order. */
    const char *claims = "{\"username\":\"fake.dev\",\"subdomain\":null,\"expiration\":1800000000}";
    char enc[256];
    kn_b64url_encode(claims, strlen(claims), enc);
    assert_memory_equal(tok, "eyJhbGciOiJIUzI1NiJ9.", 21);
    assert_memory_equal(tok + 21, enc, strlen(enc));
    assert_int_equal(tok[21 + strlen(enc)], '.');
    kn_jwt_policy p = policy();
    assert_int_equal(verify(tok, &p), KN_JWT_OK);
    free(tok);
}

static void test_refusals(void **s)
{
    (void)s;
    kn_jwt_policy p = policy();
    char *other_key = kn_jwt_mint("another-secret", 14, "fake.dev", 1800000000);
    char *other_node = kn_jwt_mint(secret, strlen(secret), "other.dev", 1800000000);
    char *expired = kn_jwt_mint(secret, strlen(secret), "fake.dev", 1600000000);
    char *now = kn_jwt_mint(secret, strlen(secret), "fake.dev", (uint64_t)NOW);
    char *sub = kn_jwt_sign(secret, strlen(secret), "{\"alg\":\"HS256\"}",
                            "{\"username\":\"fake.dev\",\"subdomain\":\"chess:chess:sys\",\"expiration\":1800000000}");
    char *none = kn_jwt_sign(secret, strlen(secret), "{\"alg\":\"none\"}",
                             "{\"username\":\"fake.dev\",\"subdomain\":null,\"expiration\":1800000000}");
    char *neg = kn_jwt_sign(secret, strlen(secret), "{\"alg\":\"HS256\"}",
                            "{\"username\":\"fake.dev\",\"expiration\":-1}");
    char *old = kn_jwt_sign(secret, strlen(secret), "{\"alg\":\"HS256\"}", "{\"username\":\"fake.dev\",\"expiration\":0}");
    assert_int_equal(verify(other_key, &p), KN_JWT_BAD_SIGNATURE);
    assert_int_equal(verify(other_node, &p), KN_JWT_WRONG_NODE);
    assert_int_equal(verify(expired, &p), KN_JWT_EXPIRED);
    assert_int_equal(verify(now, &p), KN_JWT_EXPIRED); /* must be strictly after now */
    assert_int_equal(verify(sub, &p), KN_JWT_SUBDOMAIN);
    assert_int_equal(verify(none, &p), KN_JWT_BAD_HEADER);
    assert_int_equal(verify(neg, &p), KN_JWT_BAD_CLAIMS);
    /* Register-era policy: no expiry check, so the pre-v0.8.0 claims {username, expiration:0} pass. */
    kn_jwt_policy reg = { .node = "fake.dev" };
    assert_int_equal(verify(old, &reg), KN_JWT_OK);
    assert_int_equal(verify(expired, &reg), KN_JWT_OK);
    assert_int_equal(verify(other_node, &reg), KN_JWT_WRONG_NODE);
    free(other_key), free(other_node), free(expired), free(now), free(sub), free(none), free(neg), free(old);
}

static void test_malformed(void **s)
{
    (void)s;
    kn_jwt_policy p = policy();
    assert_int_equal(verify("", &p), KN_JWT_MALFORMED);
    assert_int_equal(verify("not-a-jwt", &p), KN_JWT_MALFORMED);
    assert_int_equal(verify("a.b", &p), KN_JWT_MALFORMED);
    assert_int_equal(verify("a..c", &p), KN_JWT_MALFORMED);
    assert_int_equal(verify("a.b.c.d", &p), KN_JWT_MALFORMED);
    assert_int_equal(verify("eyJhbGciOiJIUzI1NiJ9.e30.a+b", &p), KN_JWT_MALFORMED);
    assert_int_equal(verify("eyJhbGciOiJIUzI1NiJ9.e30.", &p), KN_JWT_MALFORMED);
    /* header not JSON */
    assert_int_equal(verify("bm90anNvbg.e30.AAAA", &p), KN_JWT_MALFORMED);
    /* a valid token with a trailing space no longer matches the three-segment pattern */
    char *tok = kn_jwt_mint(secret, strlen(secret), "fake.dev", 1800000000);
    size_t n = strlen(tok);
    char *spaced = malloc(n + 2);
    memcpy(spaced, tok, n);
    spaced[n] = ' ';
    spaced[n + 1] = '\0';
    assert_int_equal(verify(spaced, &p), KN_JWT_MALFORMED);
    /* and a length-limited check of the same bytes passes */
    assert_int_equal(kn_jwt_verify(spaced, n, secret, strlen(secret), &p), KN_JWT_OK);
    /* a huge token is refused without decoding */
    char *huge = malloc(20001);
    memset(huge, 'A', 20000);
    huge[5] = '.', huge[10] = '.', huge[20000] = '\0';
    assert_int_equal(verify(huge, &p), KN_JWT_MALFORMED);
    free(tok), free(spaced), free(huge);
    assert_string_equal(kn_jwt_status_name(KN_JWT_EXPIRED), "expired");
}

static void test_secure_subdomain_policy(void **s)
{
    (void)s;
    char *sub = kn_jwt_sign(secret, strlen(secret), "{\"alg\":\"HS256\"}",
                            "{\"username\":\"fake.dev\",\"subdomain\":\"echo:conformance:sys\",\"expiration\":1800000000}");
    char *plain = kn_jwt_mint(secret, strlen(secret), "fake.dev", 1800000000);
    kn_jwt_policy p = policy();
    assert_int_equal(verify(sub, &p), KN_JWT_SUBDOMAIN);   /* ordinary binding */
    p.subdomain = "echo:conformance:sys";
    assert_int_equal(verify(sub, &p), KN_JWT_OK);
    assert_int_equal(verify(plain, &p), KN_JWT_SUBDOMAIN); /* null subdomain */
    p.subdomain = "chat:chat:template.os";
    assert_int_equal(verify(sub, &p), KN_JWT_SUBDOMAIN);
    free(sub);
    free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b64url_roundtrip), cmocka_unit_test(test_rfc7515_a1_sign),
        cmocka_unit_test(test_rfc7519_example_verifies), cmocka_unit_test(test_mint_shape_and_verify),
        cmocka_unit_test(test_refusals), cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_secure_subdomain_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

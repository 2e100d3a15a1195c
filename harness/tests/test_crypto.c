/* crypto: SHA-256 (FIPS 180 examples), HMAC-SHA-256 (RFC 4231), base64 (RFC 4648 §10),
 * seeded bytes (against `openssl enc -aes-256-ctr`), and the Lua `crypto` table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua_crypto.h"
#include "wsc_crypto.h"

static const char *sha_hex(const void *data, size_t len)
{
    static char hex[65];
    unsigned char d[32];
    wsc_sha256(data, len, d);
    wsc_hex(d, 32, hex);
    return hex;
}

static void sha256_fips_examples(void **state)
{
    (void)state;
    assert_string_equal(sha_hex("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_string_equal(sha_hex("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_string_equal(sha_hex(two, strlen(two)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    assert_string_equal(sha_hex(million, 1000000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

static const char *hmac_hex(const void *k, size_t kl, const void *m, size_t ml)
{
    static char hex[65];
    unsigned char d[32];
    wsc_hmac_sha256(k, kl, m, ml, d);
    wsc_hex(d, 32, hex);
    return hex;
}

static void hmac_rfc4231(void **state)
{
    (void)state;
    unsigned char k[131], m[160];
    memset(k, 0x0b, 20);
    assert_string_equal(hmac_hex(k, 20, "Hi There", 8),
                        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    assert_string_equal(hmac_hex("Jefe", 4, "what do ya want for nothing?", 28),
                        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(k, 0xaa, 20);
    memset(m, 0xdd, 50);
    assert_string_equal(hmac_hex(k, 20, m, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    for (int i = 0; i < 25; i++) k[i] = (unsigned char)(i + 1);
    memset(m, 0xcd, 50);
    assert_string_equal(hmac_hex(k, 25, m, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    memset(k, 0xaa, 131);
    const char *six = "Test Using Larger Than Block-Size Key - Hash Key First";
    assert_string_equal(hmac_hex(k, 131, six, strlen(six)),
                        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    const char *seven = "This is a test using a larger than block-size key and a larger than block-size data. "
                        "The key needs to be hashed before being used by the HMAC algorithm.";
    assert_string_equal(hmac_hex(k, 131, seven, strlen(seven)),
                        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

static void base64_rfc4648(void **state)
{
    (void)state;
    static const char *in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
    static const char *std[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
    static const char *url[] = { "", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy" };
    for (size_t i = 0; i < 7; i++) {
        char out[16];
        unsigned char back[16];
        char err[100];
        size_t n = strlen(in[i]);
        assert_int_equal(wsc_base64(in[i], n, 0, out), strlen(std[i]));
        assert_string_equal(out, std[i]);
        assert_int_equal(wsc_base64(in[i], n, 1, out), strlen(url[i]));
        assert_string_equal(out, url[i]);
        assert_int_equal(wsc_base64_decode(std[i], strlen(std[i]), back, err, sizeof err), (long)n);
        assert_memory_equal(back, in[i], n);
        assert_int_equal(wsc_base64_decode(url[i], strlen(url[i]), back, err, sizeof err), (long)n);
        assert_memory_equal(back, in[i], n);
    }
    /* Both alphabets: 0xfb 0xff is "+/8" / "-_8". */
    unsigned char b[8];
    char err[100], out[8];
    assert_int_equal(wsc_base64_decode("-_8", 3, b, err, sizeof err), 2);
    assert_int_equal(b[0], 0xfb);
    assert_int_equal(b[1], 0xff);
    wsc_base64("\xfb\xff", 2, 0, out);
    assert_string_equal(out, "+/8=");
    wsc_base64("\xfb\xff", 2, 1, out);
    assert_string_equal(out, "-_8");
}

static void base64_rejects_bad_input(void **state)
{
    (void)state;
    unsigned char b[16];
    char err[100];
    assert_int_equal(wsc_base64_decode("Zm9v!", 5, b, err, sizeof err), -1);
    assert_string_equal(err, "invalid character at offset 4");
    assert_int_equal(wsc_base64_decode("Z", 1, b, err, sizeof err), -1);
    assert_int_equal(wsc_base64_decode("Zg=", 3, b, err, sizeof err), -1);
    assert_int_equal(wsc_base64_decode("Zm8==", 5, b, err, sizeof err), -1);
    assert_int_equal(wsc_base64_decode("Zm9v====", 8, b, err, sizeof err), -1);
    assert_int_equal(wsc_base64_decode("Zh==", 4, b, err, sizeof err), -1);   /* stray bits */
    assert_string_equal(err, "non-zero bits after the last byte");
    assert_int_equal(wsc_base64_decode("Zm 9v", 5, b, err, sizeof err), -1);
}

static void seeded_bytes_match_aes_ctr(void **state)
{
    (void)state;
    /* printf '1\0upload' | sha256 -> key; head -c 48 /dev/zero | openssl enc -aes-256-ctr -K key -iv 0 */
    unsigned char out[48];
    char hex[97];
    assert_int_equal(wsc_seeded_bytes("1", 1, "upload", 6, out, 48), 0);
    wsc_hex(out, 48, hex);
    assert_string_equal(hex, "895aeed248ca8d5e529172616783112c398d1ef7e347917a7f62ed1777d287e5"
                             "b8a16930d9b25f92daa80d45b471bc2e");
    /* A shorter request is a prefix; another label or seed gives other bytes. */
    unsigned char shorter[5], other[48];
    assert_int_equal(wsc_seeded_bytes("1", 1, "upload", 6, shorter, 5), 0);
    assert_memory_equal(shorter, out, 5);
    assert_int_equal(wsc_seeded_bytes("1", 1, "uploae", 6, other, 48), 0);
    assert_memory_not_equal(other, out, 48);
    assert_int_equal(wsc_seeded_bytes("2", 1, "upload", 6, other, 48), 0);
    assert_memory_not_equal(other, out, 48);
    assert_int_equal(wsc_seeded_bytes("1", 1, "upload", 6, other, 0), 0);
}

static const char *eval(lua_State *L, const char *expr)
{
    char code[1024];
    snprintf(code, sizeof code, "return %s", expr);
    lua_settop(L, 0);
    luaL_dostring(L, code);
    return lua_tostring(L, -1);
}

static void lua_table(void **state)
{
    (void)state;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    wsc_luaopen_crypto(L);
    lua_setglobal(L, "crypto");
    assert_string_equal(eval(L, "crypto.hex(crypto.sha256('abc'))"),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_string_equal(eval(L, "#crypto.sha256('abc')"), "32");
    assert_string_equal(eval(L, "crypto.hex(crypto.hmac_sha256('Jefe', 'what do ya want for nothing?'))"),
                        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assert_string_equal(eval(L, "crypto.base64('foob')"), "Zm9vYg==");
    assert_string_equal(eval(L, "crypto.base64url('\\xfb\\xff')"), "-_8");
    assert_string_equal(eval(L, "crypto.base64_decode('Zm9vYmE')"), "fooba");
    assert_string_equal(eval(L, "select(2, crypto.base64_decode('Zm9v!'))"),
                        "crypto.base64_decode: invalid character at offset 4");
    assert_string_equal(eval(L, "tostring(crypto.base64_decode('Zm9v!'))"), "nil");
    assert_string_equal(eval(L, "crypto.hex(crypto.seeded_bytes(1, 'upload', 8))"), "895aeed248ca8d5e");
    assert_string_equal(eval(L, "crypto.hex(crypto.seeded_bytes('1', 'upload', 8))"), "895aeed248ca8d5e");
    assert_string_equal(eval(L, "#crypto.seeded_bytes(7, 'x', 1000001)"), "1000001");
    assert_string_equal(eval(L, "select(2, pcall(crypto.seeded_bytes, 1, 'x', -1))"),
                        "crypto.seeded_bytes: n must be between 0 and 536870912");
    assert_string_equal(eval(L, "tostring(crypto.random_bytes)"), "nil");
    lua_close(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_fips_examples), cmocka_unit_test(hmac_rfc4231),
        cmocka_unit_test(base64_rfc4648), cmocka_unit_test(base64_rejects_bad_input),
        cmocka_unit_test(seeded_bytes_match_aes_ctr), cmocka_unit_test(lua_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

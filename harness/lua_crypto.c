/* Lua bindings of wsc_crypto.h (the `crypto` table). Each function's signature is on
 * the line above it. */
#include "lua_crypto.h"
#include "wsc_crypto.h"

#include <stdlib.h>
#include <lauxlib.h>

/* crypto.sha256(s) -> 32 raw bytes */
static int l_sha256(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    unsigned char out[WSC_SHA256_LEN];
    wsc_sha256(s, len, out);
    lua_pushlstring(L, (const char *)out, sizeof out);
    return 1;
}

/* crypto.hmac_sha256(key, msg) -> 32 raw bytes */
static int l_hmac_sha256(lua_State *L)
{
    size_t klen, mlen;
    const char *k = luaL_checklstring(L, 1, &klen);
    const char *m = luaL_checklstring(L, 2, &mlen);
    unsigned char out[WSC_SHA256_LEN];
    wsc_hmac_sha256(k, klen, m, mlen, out);
    lua_pushlstring(L, (const char *)out, sizeof out);
    return 1;
}

/* crypto.hex(s) -> lowercase hex */
static int l_hex(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, 2 * len + 1);
    wsc_hex(s, len, out);
    luaL_pushresultsize(&b, 2 * len);
    return 1;
}

static int encode(lua_State *L, int url)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, wsc_base64_size(len));
    size_t n = wsc_base64(s, len, url, out);
    luaL_pushresultsize(&b, n);
    return 1;
}

/* crypto.base64(s) -> standard alphabet with padding */
static int l_base64(lua_State *L)
{
    return encode(L, 0);
}

/* crypto.base64url(s) -> URL alphabet without padding */
static int l_base64url(lua_State *L)
{
    return encode(L, 1);
}

/* crypto.base64_decode(s) -> bytes, or nil and a message */
static int l_base64_decode(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    unsigned char *out = (unsigned char *)luaL_buffinitsize(L, &b, len / 4 * 3 + 3);
    char err[120];
    long n = wsc_base64_decode(s, len, out, err, sizeof err);
    if (n < 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "crypto.base64_decode: %s", err);
        return 2;
    }
    luaL_pushresultsize(&b, (size_t)n);
    return 1;
}

/* crypto.seeded_bytes(seed, label, n) -> n deterministic bytes (seed: string or number,
 * taken as tostring(seed)) */
static int l_seeded_bytes(lua_State *L)
{
    size_t slen, llen;
    luaL_checkany(L, 1);
    const char *seed = luaL_tolstring(L, 1, &slen);   /* pushed at index 4 */
    const char *label = luaL_checklstring(L, 2, &llen);
    lua_Integer n = luaL_checkinteger(L, 3);
    if (n < 0 || (lua_Unsigned)n > WSC_SEEDED_MAX)
        return luaL_error(L, "crypto.seeded_bytes: n must be between 0 and %d", (int)WSC_SEEDED_MAX);
    luaL_Buffer b;
    unsigned char *out = (unsigned char *)luaL_buffinitsize(L, &b, (size_t)n);
    if (wsc_seeded_bytes(seed, slen, label, llen, out, (size_t)n))
        return luaL_error(L, "crypto.seeded_bytes: the cipher failed");
    luaL_pushresultsize(&b, (size_t)n);
    return 1;
}

/* crypto.random_bytes is deliberately absent: a rerun must send the same bytes. */
static const luaL_Reg fns[] = {
    { "sha256", l_sha256 }, { "hmac_sha256", l_hmac_sha256 }, { "hex", l_hex },
    { "base64", l_base64 }, { "base64url", l_base64url }, { "base64_decode", l_base64_decode },
    { "seeded_bytes", l_seeded_bytes }, { NULL, NULL }
};

int wsc_luaopen_crypto(lua_State *L)
{
    luaL_newlib(L, fns);
    return 1;
}

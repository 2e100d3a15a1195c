/* The `crypto` table scenarios use: hashes, HMAC, hex and base64, and deterministic
 * test bytes (no true randomness: runs must be repeatable). Defined in harness/README.md. */
#ifndef WSC_LUA_CRYPTO_H
#define WSC_LUA_CRYPTO_H

#include <lua.h>

/* Pushes the `crypto` table. */
int wsc_luaopen_crypto(lua_State *L);

#endif

/* The Lua <-> JSON bridge (Lua 5.4, cJSON): the `json` table scripts use, and the
 * conversions the runner uses for frames and matcher patterns. */
#ifndef WSC_LUA_JSON_H
#define WSC_LUA_JSON_H

#include <stddef.h>
#include <cJSON.h>
#include <lua.h>

#define WSC_JSON_MAX_DEPTH 100

/* Pushes the `json` table (encode, decode, null, absent, array, is_array). */
int wsc_luaopen_json(lua_State *L);

/* Converts the Lua value at idx to a new cJSON tree (caller owns it). Objects get
 * sorted keys. With for_pattern, json.absent is allowed (becomes the absent marker) and
 * every number is a plain cJSON number; otherwise floats are emitted as raw text that
 * keeps them floats ("7.0") and round-trips. NULL with a message in err on failure. */
cJSON *wsc_lua_to_json(lua_State *L, int idx, int for_pattern, char *err, size_t errlen);

/* Pushes the Lua value of v (json.null for null; arrays carry the array marker).
 * Returns 0, or -1 (nothing pushed) when v nests deeper than WSC_JSON_MAX_DEPTH. */
int wsc_lua_push_json(lua_State *L, const cJSON *v);

/* Pushes json.null / checks for it. */
void wsc_lua_push_null(lua_State *L);
int wsc_lua_is_null(lua_State *L, int idx);

#endif

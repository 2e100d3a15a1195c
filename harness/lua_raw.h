/* The raw WebSocket connection for scenarios (t:raw_ws, t:try_raw_ws; raw_ws.h): C
 * primitives added to the `_wsc` table, and the Lua layer (lua/raw_ws.lua) that adds the
 * two methods to the test object. */
#ifndef WSC_LUA_RAW_H
#define WSC_LUA_RAW_H

#include <lua.h>

/* Adds raw_open, raw_step, raw_send, raw_recv, raw_drop, ... to the table on the top. */
void wsc_lua_raw_add(lua_State *L);
/* With the prelude's make_t on the top and the `_wsc` table below it: runs the Lua layer,
 * which adds raw_ws and try_raw_ws to the test object's methods. Leaves the stack as is;
 * raises on failure (called inside the state's protected opening). */
void wsc_lua_raw_install(lua_State *L);

#endif

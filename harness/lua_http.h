/* The C primitives of the HTTP steps (t:http, t:try_http in the prelude), added to the
 * `_wsc` table. */
#ifndef WSC_LUA_HTTP_H
#define WSC_LUA_HTTP_H

#include <lua.h>

/* Adds http, http_state, http_result and http_abort to the table on the top of the stack. */
void wsc_lua_http_add(lua_State *L);

#endif

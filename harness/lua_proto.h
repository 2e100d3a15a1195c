/* Protobuf from Lua: the `proto` table scripts use, generic over every message of
 * wsconf_proto (proto/ folder), found by message name.
 *   proto.encode(name, table) -> bytes          (a Lua error on unknown names, keys or types)
 *   proto.decode(name, bytes) -> table | nil, err
 *   proto.messages()          -> list of message names
 * Field keys are the .proto field names. Integers are Lua integers (64-bit values
 * pass through as their two's-complement lua_Integer), floats Lua numbers, bools
 * booleans, strings and bytes Lua strings, enums their value name when decoding (an
 * integer when the value has no name) and a name or integer when encoding, nested
 * messages tables, repeated fields arrays. decode lists every proto3 field with its
 * value (defaults included), optional fields only when present; unknown fields are
 * skipped.
 * Inside a running scenario, encode and a successful decode also give the scenario's
 * transcript the message's type and rendering (proto_text.h) for the binary message with
 * exactly those bytes (transcript.h says how frames are matched). */
#ifndef WSC_LUA_PROTO_H
#define WSC_LUA_PROTO_H

#include <lua.h>

/* Sets the global `proto`. */
void wsc_lua_register_proto(lua_State *L);

#endif

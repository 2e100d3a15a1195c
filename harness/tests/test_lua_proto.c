/* lua_proto: proto.encode / proto.decode against the reference encodings of the Hanami
 * protocol notes (section 1.1), round trips, unknown fields, garbage and bad tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua_proto.h"

/* Hex of a Lua string, as the helper function `hex` the tests define. */
static const char *prelude =
    "function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end\n"
    "function unhex(h) return (h:gsub('%x%x', function(x) return string.char(tonumber(x, 16)) end)) end\n";

static int setup(void **state)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    wsc_lua_register_proto(L);
    assert_int_equal(luaL_dostring(L, prelude), LUA_OK);
    *state = L;
    return 0;
}

static int teardown(void **state)
{
    lua_close(*state);
    return 0;
}

/* Runs a chunk that returns one string; returns it, or the error message prefixed "ERR:". */
static const char *eval(lua_State *L, const char *code)
{
    static char out[2048];
    lua_settop(L, 0);
    if (luaL_dostring(L, code) != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        const char *where = strstr(msg, "]:1: ");   /* drop the chunk position luaL_error adds */
        snprintf(out, sizeof out, "ERR:%s", where ? where + 5 : msg);
    }
    else
        snprintf(out, sizeof out, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(not a string)");
    return out;
}

static void encodes_reference_bytes(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "return hex(proto.encode('FileUpload_Message', {position = 131072, data = 'ab'}))"),
                        "0880800812026162");
    assert_string_equal(eval(L, "return hex(proto.encode('FileUploadResponse_Message', {success = true}))"), "0801");
    assert_string_equal(eval(L, "return hex(proto.encode('FileUploadResponse_Message',"
                                " {success = false, errorMessage = 'Failed to write data to disc'}))"),
                        "121c4661696c656420746f207772697465206461746120746f2064697363");
}

static void encodes_cluster_layouts(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "return hex(proto.encode('ClusterIO_Message', {processType = 'TRAIN_TYPE',"
                                " numberOfValues = 1, values = {0.0}}))"),
                        "180120012a0400000000");
    assert_string_equal(eval(L, "return hex(proto.encode('ClusterIO_Message', {isLast = true, processType = 'TRAIN_TYPE',"
                                " numberOfValues = 1, values = {0.0}}))"),
                        "1001180120012a0400000000");
    assert_string_equal(eval(L, "return hex(proto.encode('ClusterIO_Message', {hexagonName = 'test_input', isLast = true,"
                                " processType = 0, numberOfValues = 2, values = {1.0, 0.5}}))"),
                        "0a0a746573745f696e7075741001" "20022a080000803f0000003f");
    assert_string_equal(eval(L, "return hex(proto.encode('ClusterIO_Message_V050', {processType = 'TRAIN_TYPE',"
                                " numberOfValues = 1, values = {0}}))"),
                        "180128013204" "00000000");
}

static void decodes_with_defaults_and_enum_names(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "local m = proto.decode('ClusterIO_Message', unhex('1001180120012a0400000000'))\n"
                                "return string.format('%s|%s|%s|%d|%d|%s', m.hexagonName, tostring(m.isLast),"
                                " m.processType, m.numberOfValues, #m.values, tostring(m.values[1]))"),
                        "|true|TRAIN_TYPE|1|1|0.0");
    /* proto3: an absent bool is false, an absent string empty. */
    assert_string_equal(eval(L, "local m = proto.decode('FileUploadResponse_Message', '')\n"
                                "return tostring(m.success) .. '|' .. m.errorMessage"),
                        "false|");
    /* An enum value without a name comes back as its number. */
    assert_string_equal(eval(L, "local m = proto.decode('ClusterIO_Message', unhex('1807'))\n"
                                "return math.type(m.processType) .. ':' .. m.processType"),
                        "integer:7");
}

static void round_trips_every_field(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "local big = string.rep('\\0\\1\\255', 50000)\n"
                                "local m = proto.decode('FileUpload_Message',"
                                " proto.encode('FileUpload_Message', {position = 0x7fffffffffff, data = big}))\n"
                                "return tostring(m.position == 0x7fffffffffff and m.data == big)"),
                        "true");
    assert_string_equal(eval(L, "local t = {bufferName = 'out', isLast = true, processType = 'REQUEST_TYPE',"
                                " targetBufferType = 'EXPECTED_BUFFER_TYPE', numberOfValues = 3, values = {1.5, -2, 0.25}}\n"
                                "local m = proto.decode('ClusterIO_Message_V050', proto.encode('ClusterIO_Message_V050', t))\n"
                                "return string.format('%s %s %s %s %d %s %s %s', m.bufferName, tostring(m.isLast),"
                                " m.processType, m.targetBufferType, m.numberOfValues, m.values[1], m.values[2], m.values[3])"),
                        "out true REQUEST_TYPE EXPECTED_BUFFER_TYPE 3 1.5 -2.0 0.25");
}

static void unknown_fields_are_skipped(void **state)
{
    lua_State *L = *state;
    /* success=true, then field 7 (varint 5) and field 9 (length-delimited "xyz"). */
    assert_string_equal(eval(L, "local m = proto.decode('FileUploadResponse_Message', unhex('080138054a0378797a'))\n"
                                "return tostring(m.success) .. '|' .. m.errorMessage"),
                        "true|");
    /* A message on the wrong field number is not mistaken for the field. */
    assert_string_equal(eval(L, "local m = proto.decode('FileUploadResponse_Message', unhex('1801'))\n"
                                "return tostring(m.success)"),
                        "false");
}

static void garbage_gives_nil_and_error(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "local m, err = proto.decode('FileUpload_Message', unhex('ffffffff'))\n"
                                "return tostring(m) .. '|' .. err"),
                        "nil|not a valid FileUpload_Message (4 bytes)");
    /* Truncated length-delimited field. */
    assert_string_equal(eval(L, "local m, err = proto.decode('FileUpload_Message', unhex('1205616263'))\n"
                                "return tostring(m) .. '|' .. tostring(err ~= nil)"),
                        "nil|true");
    /* The seed layout's packed floats (field 5, wire type 2) are not the v0.5.0 varint 5. */
    assert_string_equal(eval(L, "local m, err = proto.decode('ClusterIO_Message_V050', unhex('2a0400000000'))\n"
                                "return tostring(m)"),
                        "nil");
}

static void bad_tables_raise_clear_errors(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "return proto.encode('NoSuchMessage', {})"), "ERR:proto: unknown message 'NoSuchMessage'");
    assert_string_equal(eval(L, "return proto.encode('FileUpload_Message', {positon = 1})"),
                        "ERR:proto.encode(FileUpload_Message): message 'FileUpload_Message' has no field 'positon'");
    assert_string_equal(eval(L, "return proto.encode('FileUpload_Message', {position = 'x'})"),
                        "ERR:proto.encode(FileUpload_Message): field 'position': expected an integer, got string");
    assert_string_equal(eval(L, "return proto.encode('ClusterIO_Message', {values = {1, 'a', 3}})"),
                        "ERR:proto.encode(ClusterIO_Message): field 'values': expected a number, got string");
    assert_string_equal(eval(L, "return proto.encode('ClusterIO_Message', {processType = 'NOPE'})"),
                        "ERR:proto.encode(ClusterIO_Message): field 'processType': unknown enum value 'NOPE'");
    assert_string_equal(eval(L, "return proto.encode('FileUploadResponse_Message', {success = 1})"),
                        "ERR:proto.encode(FileUploadResponse_Message): field 'success': expected a boolean, got number");
    assert_string_equal(eval(L, "return proto.encode('FileUpload_Message', {[1] = 2})"),
                        "ERR:proto.encode(FileUpload_Message): message 'FileUpload_Message': field keys must be strings");
}

static void lists_messages(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "local seen = {} for _, n in ipairs(proto.messages()) do seen[n] = true end\n"
                                "return tostring(seen.FileUpload_Message and seen.FileUploadResponse_Message"
                                " and seen.ClusterIO_Message and seen.ClusterIO_Message_V050)"),
                        "true");
}

/* Outside a scenario (the main thread, a coroutine a script made) encode and decode work and
 * record nothing: there is no transcript to tag, and the thread's extra space says so. */
static void outside_a_scenario_nothing_is_recorded(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "return coroutine.wrap(function()\n"
                                "  local b = proto.encode('FileUploadResponse_Message', {success = true})\n"
                                "  return hex(b) .. ' ' .. tostring(proto.decode('FileUploadResponse_Message', b).success)\n"
                                "end)()"),
                        "0801 true");
    lua_State *co = lua_newthread(L);
    assert_null(*(void **)lua_getextraspace(co));
    lua_pop(L, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(encodes_reference_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(encodes_cluster_layouts, setup, teardown),
        cmocka_unit_test_setup_teardown(decodes_with_defaults_and_enum_names, setup, teardown),
        cmocka_unit_test_setup_teardown(round_trips_every_field, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_fields_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(garbage_gives_nil_and_error, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_tables_raise_clear_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(lists_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(outside_a_scenario_nothing_is_recorded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* lua_json: json.encode / json.decode round trips as scripts see them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua_json.h"

static int setup(void **state)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    wsc_luaopen_json(L);
    lua_setglobal(L, "json");
    *state = L;
    return 0;
}

static int teardown(void **state)
{
    lua_close(*state);
    return 0;
}

/* Runs `return <expr>` and returns its string result (valid until the next call). */
static const char *eval(lua_State *L, const char *expr)
{
    char code[1024];
    snprintf(code, sizeof code, "return %s", expr);
    lua_settop(L, 0);
    if (luaL_dostring(L, code) != LUA_OK) return lua_tostring(L, -1);
    return lua_tostring(L, -1);
}

static void empty_table_is_object_array_marks(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "json.encode({})"), "{}");
    assert_string_equal(eval(L, "json.encode(json.array{})"), "[]");
    assert_string_equal(eval(L, "json.encode({1, 2, 3})"), "[1,2,3]");
    assert_string_equal(eval(L, "json.encode(json.decode('[]'))"), "[]");
    assert_string_equal(eval(L, "tostring(json.is_array(json.decode('[1]')))"), "true");
    assert_string_equal(eval(L, "tostring(json.is_array(json.decode('{}')))"), "false");
    assert_string_equal(eval(L, "tostring(json.is_array({1}))"), "false");
}

static void integers_and_floats(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "json.encode({7, 7.0, 0.1, -2, 1e300})"), "[7,7.0,0.1,-2,1e+300]");
    assert_string_equal(eval(L, "json.encode(9007199254740993)"), "9007199254740993");
    assert_string_equal(eval(L, "math.type(json.decode('7'))"), "integer");
    assert_string_equal(eval(L, "math.type(json.decode('0.5'))"), "float");
    assert_string_equal(eval(L, "tostring(json.decode('0.1') == 0.1)"), "true");
    assert_string_equal(eval(L, "json.encode(1/3)"), "0.3333333333333333");
    assert_string_equal(eval(L, "select(2, pcall(json.encode, 0/0))"), "json.encode: cannot encode NaN (JSON has no NaN or infinity)");
}

static void keys_are_sorted_and_nesting_round_trips(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "json.encode({b = 1, a = {d = json.null, c = {true, false}}, [\"device.stream1\"] = {}})"),
                        "{\"a\":{\"c\":[true,false],\"d\":null},\"b\":1,\"device.stream1\":{}}");
    const char *doc = "{\"api_event\":{\"request_id\":7,\"start_stream_event\":{\"stream_id\":\"s1\"}},\"api_version\":0.1}";
    char expr[512];
    snprintf(expr, sizeof expr, "json.encode(json.decode('%s'))", doc);
    assert_string_equal(eval(L, expr), doc);
    assert_string_equal(eval(L, "tostring(json.decode('null') == json.null)"), "true");
    assert_string_equal(eval(L, "json.decode('\"\\\\u00e9\"')"), "\xc3\xa9");
}

static void errors_are_reported(void **state)
{
    lua_State *L = *state;
    assert_string_equal(eval(L, "select(2, json.decode('{\"a\":'))"), "invalid JSON at offset 4");
    assert_string_equal(eval(L, "select(2, json.decode('[1] x'))"), "invalid JSON at offset 4");
    assert_string_equal(eval(L, "tostring(json.decode(' [1] \\n')[1])"), "1");
    assert_string_equal(eval(L, "select(2, pcall(json.encode, {[true] = 1}))"),
                        "json.encode: cannot encode a table key of type boolean (object keys must be strings)");
    assert_string_equal(eval(L, "select(2, pcall(json.encode, {1, 2, x = 3}))"),
                        "json.encode: cannot encode a table key of type number (object keys must be strings)");
    lua_settop(L, 0);
    assert_int_equal(luaL_dostring(L, "local t = {} t.t = t return pcall(json.encode, t)"), LUA_OK);
    assert_string_equal(lua_tostring(L, -1), "json.encode: value nests deeper than 100 levels (or is cyclic)");
    assert_string_equal(eval(L, "select(2, json.decode(string.rep('[', 150) .. string.rep(']', 150)))"),
                        "JSON nests deeper than 100 levels");
    assert_string_equal(eval(L, "select(2, pcall(json.encode, json.absent))"),
                        "json.encode: json.absent is only allowed as a matcher pattern value");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_table_is_object_array_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(integers_and_floats, setup, teardown),
        cmocka_unit_test_setup_teardown(keys_are_sorted_and_nesting_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_are_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

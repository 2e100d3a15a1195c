/* The Lua <-> JSON bridge (see lua_json.h). */
#include "lua_json.h"
#include "json_match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

/* Sentinels are light userdata: unique addresses, comparable with == in Lua. */
static const char null_tag = 'n';
static const char absent_tag = 'a';
#define ARRAY_MT "wsconf.json.array"

void wsc_lua_push_null(lua_State *L)
{
    lua_pushlightuserdata(L, (void *)&null_tag);
}

int wsc_lua_is_null(lua_State *L, int idx)
{
    return lua_islightuserdata(L, idx) && lua_touserdata(L, idx) == &null_tag;
}

static int is_absent(lua_State *L, int idx)
{
    return lua_islightuserdata(L, idx) && lua_touserdata(L, idx) == &absent_tag;
}

static int has_array_mark(lua_State *L, int idx)
{
    if (!lua_getmetatable(L, idx)) return 0;
    luaL_getmetatable(L, ARRAY_MT);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

/* Shortest "%.Ng" that reads back to the same double; integral values get ".0" so the
 * receiver sees a float. */
static void format_float(double d, char *buf, size_t len)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    if (!strpbrk(buf, ".eE")) strncat(buf, ".0", len - strlen(buf) - 1);
}

typedef struct {
    lua_State *L;
    int for_pattern;
    char *err;
    size_t errlen;
} conv;

static cJSON *to_json(conv *c, int idx, int depth);

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static cJSON *table_to_json(conv *c, int idx, int depth)
{
    lua_State *L = c->L;
    /* A sequence 1..n (n >= 1) or a marked table is an array; anything else an object. */
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    size_t nkeys = 0;
    int only_seq = 1;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        nkeys++;
        if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n) only_seq = 0;
        lua_pop(L, 1);
    }
    int marked = has_array_mark(L, idx);
    if ((n > 0 && only_seq && (lua_Integer)nkeys == n) || (marked && nkeys == 0)) {
        cJSON *arr = cJSON_CreateArray();
        for (lua_Integer i = 1; arr && i <= n; i++) {
            lua_rawgeti(L, idx, i);
            cJSON *item = to_json(c, lua_gettop(L), depth + 1);
            lua_pop(L, 1);
            if (!item) {
                cJSON_Delete(arr);
                return NULL;
            }
            cJSON_AddItemToArray(arr, item);
        }
        return arr;
    }
    if (marked) {
        snprintf(c->err, c->errlen, "json.array table has keys other than 1..n");
        return NULL;
    }
    const char **keys = malloc((nkeys ? nkeys : 1) * sizeof *keys);
    if (!keys) {
        snprintf(c->err, c->errlen, "out of memory");
        return NULL;
    }
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            snprintf(c->err, c->errlen, "cannot encode a table key of type %s (object keys must be strings)",
                     luaL_typename(L, -1));
            lua_pop(L, 1);
            free(keys);
            return NULL;
        }
        /* The string stays alive: it is a key of the table, which is on the stack. */
        keys[k++] = lua_tostring(L, -1);
    }
    qsort(keys, k, sizeof *keys, key_cmp);
    cJSON *obj = cJSON_CreateObject();
    for (size_t i = 0; obj && i < k; i++) {
        lua_getfield(L, idx, keys[i]);
        cJSON *item;
        if (c->for_pattern && is_absent(L, -1)) item = wsc_json_absent_new();
        else item = to_json(c, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
        if (!item) {
            cJSON_Delete(obj);
            obj = NULL;
            break;
        }
        cJSON_AddItemToObject(obj, keys[i], item);
    }
    free(keys);
    return obj;
}

static cJSON *to_json(conv *c, int idx, int depth)
{
    lua_State *L = c->L;
    if (depth > WSC_JSON_MAX_DEPTH) {
        snprintf(c->err, c->errlen, "value nests deeper than %d levels (or is cyclic)", WSC_JSON_MAX_DEPTH);
        return NULL;
    }
    if (!lua_checkstack(L, 4)) {
        snprintf(c->err, c->errlen, "Lua stack exhausted");
        return NULL;
    }
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return cJSON_CreateNull();
    case LUA_TBOOLEAN:
        return cJSON_CreateBool(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            lua_Integer i = lua_tointeger(L, idx);
            if (c->for_pattern || (i > -(1LL << 53) && i < (1LL << 53))) return cJSON_CreateNumber((double)i);
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)i);
            return cJSON_CreateRaw(buf);
        } else {
            double d = lua_tonumber(L, idx);
            if (!isfinite(d)) {
                snprintf(c->err, c->errlen, "cannot encode %s (JSON has no NaN or infinity)", isnan(d) ? "NaN" : "infinity");
                return NULL;
            }
            if (c->for_pattern) return cJSON_CreateNumber(d);
            char buf[40];
            format_float(d, buf, sizeof buf);
            return cJSON_CreateRaw(buf);
        }
    case LUA_TSTRING:
        return cJSON_CreateString(lua_tostring(L, idx));
    case LUA_TTABLE:
        return table_to_json(c, idx, depth);
    case LUA_TLIGHTUSERDATA:
        if (wsc_lua_is_null(L, idx)) return cJSON_CreateNull();
        if (is_absent(L, idx)) {
            snprintf(c->err, c->errlen, "json.absent is only allowed as a matcher pattern value");
            return NULL;
        }
        /* fall through */
    default:
        snprintf(c->err, c->errlen, "cannot encode a value of type %s", luaL_typename(L, idx));
        return NULL;
    }
}

cJSON *wsc_lua_to_json(lua_State *L, int idx, int for_pattern, char *err, size_t errlen)
{
    conv c = { L, for_pattern, err, errlen };
    idx = lua_absindex(L, idx);
    cJSON *v = to_json(&c, idx, 0);
    if (!v && err[0] == '\0') snprintf(err, errlen, "out of memory");
    return v;
}

static int push_json(lua_State *L, const cJSON *v, int depth)
{
    if (depth > WSC_JSON_MAX_DEPTH || !lua_checkstack(L, 4)) return -1;
    if (cJSON_IsNull(v)) {
        wsc_lua_push_null(L);
    } else if (cJSON_IsBool(v)) {
        lua_pushboolean(L, cJSON_IsTrue(v));
    } else if (cJSON_IsNumber(v)) {
        /* cJSON keeps only a double: integral values within 2^53 become integers. */
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)d);
        else lua_pushnumber(L, d);
    } else if (cJSON_IsString(v)) {
        lua_pushstring(L, v->valuestring);
    } else if (cJSON_IsArray(v)) {
        lua_createtable(L, cJSON_GetArraySize(v), 0);
        lua_Integer i = 1;
        for (const cJSON *e = v->child; e; e = e->next) {
            if (push_json(L, e, depth + 1)) {
                lua_pop(L, 1);
                return -1;
            }
            lua_rawseti(L, -2, i++);
        }
        luaL_setmetatable(L, ARRAY_MT);
    } else if (cJSON_IsObject(v)) {
        lua_createtable(L, 0, cJSON_GetArraySize(v));
        for (const cJSON *e = v->child; e; e = e->next) {
            if (push_json(L, e, depth + 1)) {
                lua_pop(L, 1);
                return -1;
            }
            lua_setfield(L, -2, e->string);
        }
    } else {
        lua_pushnil(L);
    }
    return 0;
}

int wsc_lua_push_json(lua_State *L, const cJSON *v)
{
    return push_json(L, v, 0);
}

/* json.encode(v) -> string; raises an error for values JSON cannot hold. */
static int l_encode(lua_State *L)
{
    luaL_checkany(L, 1);
    char err[200] = "";
    cJSON *v = wsc_lua_to_json(L, 1, 0, err, sizeof err);
    if (!v) return luaL_error(L, "json.encode: %s", err);
    char *s = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    if (!s) return luaL_error(L, "json.encode: out of memory");
    lua_pushstring(L, s);
    free(s);
    return 1;
}

/* json.decode(s) -> value, or nil and a message naming the offset of the error. */
static int l_decode(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(s, len, &end, 0);
    if (!v || (size_t)(end - s) < len) {
        /* Allow trailing whitespace only. */
        size_t off = end ? (size_t)(end - s) : 0;
        while (v && off < len && strchr(" \t\r\n", s[off])) off++;
        if (!v || off < len) {
            cJSON_Delete(v);
            lua_pushnil(L);
            lua_pushfstring(L, "invalid JSON at offset %d", (int)off);
            return 2;
        }
    }
    int rc = wsc_lua_push_json(L, v);
    cJSON_Delete(v);
    if (rc) {
        lua_pushnil(L);
        lua_pushfstring(L, "JSON nests deeper than %d levels", WSC_JSON_MAX_DEPTH);
        return 2;
    }
    return 1;
}

/* json.array(t) -> t, marked so that it encodes as an array (json.array{} is []). */
static int l_array(lua_State *L)
{
    if (lua_isnoneornil(L, 1)) lua_newtable(L);
    else luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    luaL_setmetatable(L, ARRAY_MT);
    return 1;
}

/* json.is_array(v) -> true for decoded arrays and json.array tables. */
static int l_is_array(lua_State *L)
{
    lua_pushboolean(L, lua_type(L, 1) == LUA_TTABLE && has_array_mark(L, 1));
    return 1;
}

int wsc_luaopen_json(lua_State *L)
{
    luaL_newmetatable(L, ARRAY_MT);
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        { "encode", l_encode }, { "decode", l_decode }, { "array", l_array },
        { "is_array", l_is_array }, { NULL, NULL }
    };
    luaL_newlib(L, fns);
    wsc_lua_push_null(L);
    lua_setfield(L, -2, "null");
    lua_pushlightuserdata(L, (void *)&absent_tag);
    lua_setfield(L, -2, "absent");
    return 1;
}

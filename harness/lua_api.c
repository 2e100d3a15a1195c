/* The C primitives the prelude builds the scenario API on (table `_wsc`), and the
 * opening of a run's Lua state. Each binding's stack effect is on the line above it. */
#include "runtime.h"
#include "json_match.h"
#include "lua_crypto.h"
#include "lua_http.h"
#include "lua_json.h"
#include "lua_proto.h"
#include "lua_raw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>

extern const char wsc_prelude_lua[];
extern const unsigned long wsc_prelude_lua_len;

#define CONN_MT "wsconf.conn"
#define PATTERN_MT "wsconf.pattern"
#define PRELUDE_CHUNK "=wsconf-prelude"

typedef struct {
    wsc_conn *conn;   /* owned by the client, which outlives the Lua state */
    wsc_sc *sc;
} conn_box;

void wsc_api_where(lua_State *L, char *buf, size_t len)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) continue;
        if (ar.currentline <= 0 || ar.source[0] != '@') continue;
        snprintf(buf, len, "%s:%d", ar.source + 1, ar.currentline);
        return;
    }
    snprintf(buf, len, "?");
}

static wsc_sc *check_sc(lua_State *L, int idx)
{
    luaL_checktype(L, idx, LUA_TLIGHTUSERDATA);
    return lua_touserdata(L, idx);
}

static conn_box *check_conn(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, CONN_MT);
}

static void wake_sc(void *owner)
{
    ((wsc_sc *)owner)->woken = 1;
}

/* _wsc.connect(sc, url, path|nil, subprotocols|nil, headers|nil) -> conn */
static int l_connect(lua_State *L)
{
    wsc_sc *sc = check_sc(L, 1);
    const char *url = luaL_checkstring(L, 2);
    wsc_connect_opts o = { luaL_optstring(L, 3, NULL), luaL_optstring(L, 4, NULL), luaL_optstring(L, 5, NULL) };
    wsc_conn **conns = realloc(sc->conns, (sc->n_conns + 1) * sizeof *conns);
    if (!conns) return luaL_error(L, "out of memory");
    sc->conns = conns;
    /* Connections and HTTP requests share one numbering in the transcript. */
    int no = (int)(sc->n_conns + sc->n_https) + 1;
    wsc_conn *conn = wsc_client_connect(sc->rt->client, url, &o, &sc->tr, no, wake_sc, sc);
    if (!conn) return luaL_error(L, "out of memory");
    sc->conns[sc->n_conns++] = conn;
    conn_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->conn = conn;
    box->sc = sc;
    luaL_setmetatable(L, CONN_MT);
    return 1;
}

static const char *state_name(wsc_conn_state s)
{
    switch (s) {
    case WSC_CONN_CONNECTING: return "connecting";
    case WSC_CONN_OPEN: return "open";
    case WSC_CONN_CLOSED: return "closed";
    default: return "failed";
    }
}

/* _wsc.state(conn) -> state, error|nil, http_status|nil, close_code|nil, close_reason|nil, subprotocol|nil */
static int l_state(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    lua_pushstring(L, state_name(c->state));
    if (c->error) lua_pushstring(L, c->error); else lua_pushnil(L);
    if (c->http_status) lua_pushinteger(L, c->http_status); else lua_pushnil(L);
    if (c->state == WSC_CONN_CLOSED) lua_pushinteger(L, c->close_code); else lua_pushnil(L);
    if (c->close_reason) lua_pushstring(L, c->close_reason); else lua_pushnil(L);
    if (c->subprotocol) lua_pushstring(L, c->subprotocol); else lua_pushnil(L);
    return 6;
}

/* _wsc.send(conn, binary, data) -> true, or nil and a message */
static int l_send(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    int binary = lua_toboolean(L, 2);
    size_t len;
    const char *data = luaL_checklstring(L, 3, &len);
    if (wsc_conn_send(c, binary, data, len)) {
        lua_pushnil(L);
        lua_pushfstring(L, "cannot send: the connection is %s", state_name(c->state));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* _wsc.ping(conn, payload) -> true, or nil and a message */
static int l_ping(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    size_t len;
    const char *data = luaL_optlstring(L, 2, "", &len);
    if (len > 125) return luaL_error(L, "ws:ping: a Ping payload is at most 125 bytes (got %d)", (int)len);
    if (wsc_conn_ping(c, data, len)) {
        lua_pushnil(L);
        lua_pushfstring(L, "cannot send: the connection is %s", state_name(c->state));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* _wsc.send_fragments(conn, binary, parts) -> true, or nil and a message */
static int l_send_fragments(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    int binary = lua_toboolean(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    size_t n = (size_t)lua_rawlen(L, 3);
    if (n == 0) return luaL_error(L, "ws:send_fragments needs a non-empty list of strings");
    const char **parts = calloc(n, sizeof *parts);
    size_t *lens = calloc(n, sizeof *lens);
    if (!parts || !lens) {
        free(parts);
        free(lens);
        return luaL_error(L, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, 3, (lua_Integer)i + 1);
        /* Only real strings: the table keeps them alive after the pop. */
        parts[i] = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &lens[i]) : NULL;
        lua_pop(L, 1);
        if (!parts[i]) {
            free(parts);
            free(lens);
            return luaL_error(L, "ws:send_fragments: part %d is not a string", (int)i + 1);
        }
    }
    int rc = wsc_conn_send_fragments(c, binary, parts, lens, n);
    free(parts);
    free(lens);
    if (rc) {
        lua_pushnil(L);
        lua_pushfstring(L, "cannot send: the connection is %s", state_name(c->state));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* _wsc.close(conn, code, reason) -> nothing */
static int l_close(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    wsc_conn_close(c, (int)luaL_optinteger(L, 2, 1000), luaL_optstring(L, 3, ""));
    return 0;
}

/* _wsc.abort(conn, why) -> nothing; drops the connection without a handshake */
static int l_abort(lua_State *L)
{
    wsc_conn_abort(check_conn(L, 1)->conn, luaL_optstring(L, 2, NULL));
    return 0;
}

/* _wsc.count(conn) -> number of frames in the inbox */
static int l_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)wsc_inbox_count(&check_conn(L, 1)->conn->inbox));
    return 1;
}

/* Pushes the Lua table of frame f, built once and cached in the registry. */
static void push_frame(lua_State *L, wsc_frame *f)
{
    if (f->user_ref != WSC_INBOX_NO_REF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, f->user_ref);
        return;
    }
    lua_createtable(L, 0, 5);
    lua_pushstring(L, f->pong ? "pong" : f->binary ? "binary" : "text");
    lua_setfield(L, -2, "kind");
    if (f->fragments) {
        lua_pushinteger(L, (lua_Integer)f->fragments);
        lua_setfield(L, -2, "fragments");
    }
    lua_pushlstring(L, f->data, f->len);
    lua_setfield(L, -2, "data");
    if (f->json && wsc_lua_push_json(L, f->json) == 0) lua_setfield(L, -2, "json");
    lua_pushnumber(L, f->at);
    lua_setfield(L, -2, "at");
    lua_pushinteger(L, (lua_Integer)f->seq);
    lua_setfield(L, -2, "seq");
    lua_pushvalue(L, -1);
    f->user_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* _wsc.frame(conn, i) -> frame table, or nil past the end (i is 1-based) */
static int l_frame(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    lua_Integer i = luaL_checkinteger(L, 2);
    wsc_frame *f = i >= 1 ? wsc_inbox_at(&c->inbox, (size_t)(i - 1)) : NULL;
    if (!f) return 0;
    push_frame(L, f);
    return 1;
}

/* _wsc.take(conn, i) -> frame table, removed from the inbox; nil past the end */
static int l_take(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    lua_Integer i = luaL_checkinteger(L, 2);
    wsc_frame f;
    if (i < 1 || wsc_inbox_take_at(&c->inbox, (size_t)(i - 1), &f)) return 0;
    push_frame(L, &f);
    luaL_unref(L, LUA_REGISTRYINDEX, f.user_ref);
    wsc_frame_free(&f);
    return 1;
}

/* _wsc.compile(pattern) -> compiled pattern (for _wsc.match); raises on values JSON cannot hold */
static int l_compile(lua_State *L)
{
    char err[200] = "";
    cJSON *p = wsc_lua_to_json(L, 1, 1, err, sizeof err);
    if (!p) return luaL_error(L, "bad json pattern: %s", err);
    cJSON **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = p;
    luaL_setmetatable(L, PATTERN_MT);
    return 1;
}

/* __gc of a compiled pattern: frees its cJSON tree */
static int l_pattern_gc(lua_State *L)
{
    cJSON **box = luaL_checkudata(L, 1, PATTERN_MT);
    cJSON_Delete(*box);
    *box = NULL;
    return 0;
}

/* _wsc.match(conn, i, pattern) -> true, or false and the first mismatch ("$.a.b: expected 7, got 8") */
static int l_match(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    lua_Integer i = luaL_checkinteger(L, 2);
    cJSON **p = luaL_checkudata(L, 3, PATTERN_MT);
    wsc_frame *f = i >= 1 ? wsc_inbox_at(&c->inbox, (size_t)(i - 1)) : NULL;
    if (!f || !f->json) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, f ? "not JSON" : "no frame");
        return 2;
    }
    char path[300];
    int ok = wsc_json_match(*p, f->json, path, sizeof path);
    lua_pushboolean(L, ok);
    if (ok) return 1;
    lua_pushstring(L, path);
    return 2;
}

/* _wsc.summary(conn, max) -> one-line summary of the inbox: count and the first frames */
static int l_summary(lua_State *L)
{
    wsc_conn *c = check_conn(L, 1)->conn;
    size_t max = (size_t)luaL_optinteger(L, 2, 3);
    size_t n = wsc_inbox_count(&c->inbox);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_pushfstring(L, "%d frame%s", (int)n, n == 1 ? "" : "s");
    luaL_addvalue(&b);
    for (size_t i = 0; i < n && i < max; i++) {
        wsc_frame *f = wsc_inbox_at(&c->inbox, i);
        char *shown = wsc_transcript_show(f->binary ? WSC_OP_BINARY : WSC_OP_TEXT, f->data, f->len);
        luaL_addstring(&b, i ? " | " : ": ");
        if (f->pong) luaL_addstring(&b, "pong ");
        else if (f->binary) luaL_addstring(&b, "binary ");
        luaL_addstring(&b, shown ? shown : "?");
        free(shown);
    }
    if (n > max) luaL_addstring(&b, " | ...");
    luaL_pushresult(&b);
    return 1;
}

/* _wsc.wait(sc, until, what) -> (yields) nothing; resumes on a connection event or at `until` */
static int l_wait(lua_State *L)
{
    wsc_sc *sc = check_sc(L, 1);
    sc->wait_until = luaL_checknumber(L, 2);
    snprintf(sc->wait_what, sizeof sc->wait_what, "%s", luaL_optstring(L, 3, "a step"));
    wsc_api_where(L, sc->wait_where, sizeof sc->wait_where);
    if (!lua_isyieldable(L)) return luaL_error(L, "a waiting step was called outside a scenario's run function");
    return lua_yield(L, 0);
}

static int find_cover(const wsc_sc *sc, const char *req)
{
    for (size_t i = 0; i < sc->def->n_covers; i++)
        if (strcmp(sc->def->covers[i], req) == 0) return 1;
    return 0;
}

static char *opt_dup(lua_State *L, int idx)
{
    return lua_isnoneornil(L, idx) ? NULL : strdup(luaL_tolstring(L, idx, NULL));
}

/* _wsc.check(sc, req, passed, message, expected|nil, received|nil) -> passed; raises for an unknown or uncovered requirement */
static int l_check(lua_State *L)
{
    wsc_sc *sc = check_sc(L, 1);
    const char *req = luaL_checkstring(L, 2);
    int passed = lua_toboolean(L, 3);
    const char *message = luaL_optstring(L, 4, "");
    const wsc_requirement *r = wsc_catalogue_find(sc->rt->cat, req);
    char where[256];
    wsc_api_where(L, where, sizeof where);
    /* lua_error, not luaL_error: the position is the scenario's, not the prelude's. */
    if (!r) {
        lua_pushfstring(L, "%s: requirement '%s' is not in the catalogue", where, req);
        return lua_error(L);
    }
    if (!find_cover(sc, req)) {
        lua_pushfstring(L, "%s: requirement '%s' is not in this scenario's covers", where, req);
        return lua_error(L);
    }
    if (!wsc_requirement_applies(r, sc->profile)) {
        lua_pushfstring(L, "%s: requirement '%s' does not apply in profile '%s' of API '%s'", where, req, sc->profile,
                        r->api);
        return lua_error(L);
    }
    wsc_scenario *res = sc->res;
    wsc_check *checks = realloc(res->checks, (res->n_checks + 1) * sizeof *checks);
    if (!checks) return luaL_error(L, "out of memory");
    res->checks = checks;
    wsc_check *c = &checks[res->n_checks++];
    memset(c, 0, sizeof *c);
    c->requirement = strdup(req);
    c->level = r->level;
    c->passed = passed;
    c->message = strdup(message);
    c->where = strdup(where);
    c->expected = opt_dup(L, 5);
    c->received = opt_dup(L, 6);
    lua_pushboolean(L, passed);
    return 1;
}

/* _wsc.where() -> "file:line" of the scenario code that called into the prelude */
static int l_where(lua_State *L)
{
    char where[256];
    wsc_api_where(L, where, sizeof where);
    lua_pushstring(L, where);
    return 1;
}

/* _wsc.now() -> monotonic seconds */
static int l_now(lua_State *L)
{
    lua_pushnumber(L, wsc_now());
    return 1;
}

/* _wsc.log(sc, message) -> nothing; adds a note to the transcript */
static int l_log(lua_State *L)
{
    wsc_sc *sc = check_sc(L, 1);
    size_t len;
    const char *msg = luaL_checklstring(L, 2, &len);
    wsc_transcript_add(&sc->tr, 0, WSC_TR_EVENT, wsc_now() - sc->started, WSC_OP_NOTE, msg, len);
    return 0;
}

/* scenario{...} while files load is defined in loader.c; this table holds the rest. */
static const luaL_Reg primitives[] = {
    { "connect", l_connect }, { "state", l_state }, { "send", l_send }, { "close", l_close },
    { "ping", l_ping }, { "send_fragments", l_send_fragments },
    { "abort", l_abort }, { "count", l_count }, { "frame", l_frame }, { "take", l_take },
    { "compile", l_compile }, { "match", l_match }, { "summary", l_summary }, { "wait", l_wait },
    { "check", l_check }, { "where", l_where }, { "now", l_now }, { "log", l_log },
    { NULL, NULL }
};

/* Runs inside lua_pcall: everything that may raise while opening the state. */
static int open_all(lua_State *L)
{
    wsc_rt *rt = lua_touserdata(L, 1);
    luaL_openlibs(L);
    luaL_newmetatable(L, CONN_MT);
    lua_pop(L, 1);
    luaL_newmetatable(L, PATTERN_MT);
    lua_pushcfunction(L, l_pattern_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    wsc_luaopen_json(L);
    lua_setglobal(L, "json");
    wsc_lua_register_proto(L);
    wsc_luaopen_crypto(L);
    lua_setglobal(L, "crypto");
    if (rt->package_path) {
        lua_getglobal(L, "package");
        lua_pushstring(L, rt->package_path);
        lua_setfield(L, -2, "path");
        lua_pushstring(L, "");
        lua_setfield(L, -2, "cpath");
        lua_pop(L, 1);
    }
    if (luaL_loadbufferx(L, wsc_prelude_lua, wsc_prelude_lua_len, PRELUDE_CHUNK, "t") != LUA_OK)
        return lua_error(L);
    luaL_newlib(L, primitives);
    wsc_lua_http_add(L);
    wsc_lua_raw_add(L);
    lua_pushvalue(L, -1);
    lua_insert(L, -3);   /* keeps _wsc below the prelude for the raw WebSocket layer */
    lua_call(L, 1, 1);   /* prelude(_wsc) -> make_t */
    wsc_lua_raw_install(L);
    rt->make_t_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
    return 0;
}

int wsc_api_open(wsc_rt *rt, char *err, size_t errlen)
{
    rt->L = luaL_newstate();
    if (!rt->L) {
        snprintf(err, errlen, "cannot create a Lua state");
        return -1;
    }
    lua_pushcfunction(rt->L, open_all);
    lua_pushlightuserdata(rt->L, rt);
    if (lua_pcall(rt->L, 1, 0, 0) != LUA_OK) {
        snprintf(err, errlen, "Lua setup failed: %s", lua_tostring(rt->L, -1));
        lua_pop(rt->L, 1);
        return -1;
    }
    return 0;
}

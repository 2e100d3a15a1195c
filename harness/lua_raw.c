/* Raw WebSocket primitives for the Lua layer (see lua_raw.h). Each binding's stack effect
 * is on the line above it. A handle belongs to the scenario that opened it: used from
 * another one, or after its scenario finished, it raises instead of touching a
 * transcript that is gone. */
#include "lua_raw.h"
#include "raw_ws.h"
#include "runtime.h"

#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <openssl/rand.h>

extern const char wsc_raw_ws_lua[];
extern const unsigned long wsc_raw_ws_lua_len;

#define RAW_MT "wsconf.raw"

typedef struct raw_box {
    wsc_raw *r;
    wsc_sc *sc;
    struct raw_box *next, *prev;   /* every live handle, to release finished scenarios' sockets */
} raw_box;

static raw_box *live;

/* Closes the sockets of handles whose scenario has finished: a scenario that ends
 * without close_tcp must not keep its connection (and a target's slot) until the
 * garbage collector gets to the handle. */
static void sweep(void)
{
    for (raw_box *b = live; b; b = b->next)
        if (b->r && b->sc->state == WSC_SC_DONE && b->r->tr) {
            b->r->tr = NULL;
            wsc_raw_drop(b->r, "scenario finished");
        }
}

static raw_box *check_box(lua_State *L, int idx)
{
    raw_box *b = luaL_checkudata(L, idx, RAW_MT);
    sweep();
    if (!b->r || b->sc->state == WSC_SC_DONE) luaL_error(L, "this raw connection belongs to a scenario that finished");
    return b;
}

/* _wsc.raw_open(sc, url, path|nil, headers|nil, protocols|nil, version|nil, no) -> handle */
static int l_raw_open(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TLIGHTUSERDATA);
    wsc_sc *sc = lua_touserdata(L, 1);
    const char *url = luaL_checkstring(L, 2);
    wsc_raw_opts o = { luaL_optstring(L, 3, NULL), luaL_optstring(L, 4, NULL), luaL_optstring(L, 5, NULL),
                       luaL_optstring(L, 6, NULL) };
    int no = (int)luaL_checkinteger(L, 7);
    sweep();
    raw_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    memset(b, 0, sizeof *b);
    luaL_setmetatable(L, RAW_MT);
    b->sc = sc;
    b->r = wsc_raw_open(sc->rt->client, url, &o, &sc->tr, no);
    if (!b->r) return luaL_error(L, "out of memory");
    b->next = live;
    if (live) live->prev = b;
    live = b;
    return 1;
}

static const char *state_name(wsc_raw_state s)
{
    switch (s) {
    case WSC_RAW_CONNECTING: return "connecting";
    case WSC_RAW_OPEN: return "open";
    case WSC_RAW_REFUSED: return "refused";
    case WSC_RAW_DROPPED: return "dropped";
    default: return "failed";
    }
}

/* _wsc.raw_step(h) -> state, peer_closed, error|nil, write_error|nil; moves bytes both ways first */
static int l_raw_step(lua_State *L)
{
    wsc_raw *r = check_box(L, 1)->r;
    wsc_raw_pump(r);
    lua_pushstring(L, state_name(r->state));
    lua_pushboolean(L, r->peer_eof || r->fd < 0);
    if (r->error) lua_pushstring(L, r->error);
    else lua_pushnil(L);
    if (r->write_error) lua_pushstring(L, r->write_error);
    else lua_pushnil(L);
    return 4;
}

/* _wsc.raw_response(h) -> status, reason, headers, body, accept_ok, expected_accept */
static int l_raw_response(lua_State *L)
{
    wsc_raw *r = check_box(L, 1)->r;
    lua_pushinteger(L, r->status);
    lua_pushstring(L, r->reason ? r->reason : "");
    lua_createtable(L, 0, (int)r->n_headers);
    for (size_t i = 0; i < r->n_headers; i++) {
        lua_getfield(L, -1, r->headers[i].name);
        if (lua_isstring(L, -1)) {
            lua_pushstring(L, ", ");
            lua_pushstring(L, r->headers[i].value);
            lua_concat(L, 3);
        } else {
            lua_pop(L, 1);
            lua_pushstring(L, r->headers[i].value);
        }
        lua_setfield(L, -2, r->headers[i].name);
    }
    if (r->refusal_active && r->refusal.body) lua_pushlstring(L, r->refusal.body, r->refusal.body_len);
    else lua_pushliteral(L, "");
    const char *acc = wsc_raw_header(r, "sec-websocket-accept");
    lua_pushboolean(L, acc && strcmp(acc, r->accept_expected) == 0);
    lua_pushstring(L, r->accept_expected);
    return 6;
}

/* _wsc.raw_send(h, fin, rsv, opcode, mask_key|nil, payload) -> true, or nil and why */
static int l_raw_send(lua_State *L)
{
    wsc_raw *r = check_box(L, 1)->r;
    int fin = lua_toboolean(L, 2);
    int rsv = (int)luaL_checkinteger(L, 3);
    int opcode = (int)luaL_checkinteger(L, 4);
    size_t klen = 0, len;
    const char *key = luaL_optlstring(L, 5, NULL, &klen);
    const char *payload = luaL_checklstring(L, 6, &len);
    if (key && klen != 4) return luaL_error(L, "mask key must be 4 bytes");
    if (wsc_raw_send(r, fin, rsv, opcode, (const unsigned char *)key, payload, len)) {
        lua_pushnil(L);
        lua_pushfstring(L, "cannot send: the connection is %s%s", state_name(r->state),
                        r->state == WSC_RAW_OPEN ? " (or over 64 MiB is queued)" : "");
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* _wsc.raw_send_bytes(h, bytes) -> true, or nil and why */
static int l_raw_send_bytes(lua_State *L)
{
    wsc_raw *r = check_box(L, 1)->r;
    size_t len;
    const char *data = luaL_checklstring(L, 2, &len);
    if (wsc_raw_send_bytes(r, data, len)) {
        lua_pushnil(L);
        lua_pushfstring(L, "cannot send: the connection is %s", state_name(r->state));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* _wsc.raw_pending(h) -> bytes not yet written to the socket */
static int l_raw_pending(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)wsc_raw_pending(check_box(L, 1)->r));
    return 1;
}

/* _wsc.raw_recv(h) -> fin, rsv, opcode, masked, payload, at; or nil and "none"|error */
static int l_raw_recv(lua_State *L)
{
    wsc_raw *r = check_box(L, 1)->r;
    wsc_raw_frame f;
    int got = wsc_raw_next_frame(r, &f);
    if (got <= 0) {
        lua_pushnil(L);
        if (got == 0) lua_pushliteral(L, "none");
        else lua_pushstring(L, r->error ? r->error : "failed");
        return 2;
    }
    lua_pushboolean(L, f.fin);
    lua_pushinteger(L, f.rsv);
    lua_pushinteger(L, f.opcode);
    lua_pushboolean(L, f.masked);
    lua_pushlstring(L, (const char *)f.payload, f.len);
    lua_pushnumber(L, f.at);
    wsc_raw_frame_free(&f);
    return 6;
}

/* _wsc.raw_drop(h, why) -> nothing; closes TCP without a Close frame */
static int l_raw_drop(lua_State *L)
{
    wsc_raw_drop(check_box(L, 1)->r, luaL_optstring(L, 2, NULL));
    return 0;
}

/* _wsc.raw_mask_key() -> 4 random bytes */
static int l_raw_mask_key(lua_State *L)
{
    unsigned char key[4];
    if (RAND_bytes(key, sizeof key) != 1) return luaL_error(L, "no random bytes for a mask key");
    lua_pushlstring(L, (const char *)key, sizeof key);
    return 1;
}

/* __gc of a handle */
static int l_raw_gc(lua_State *L)
{
    raw_box *b = luaL_checkudata(L, 1, RAW_MT);
    if (b->prev) b->prev->next = b->next;
    else if (live == b) live = b->next;
    if (b->next) b->next->prev = b->prev;
    b->next = b->prev = NULL;
    if (b->r) b->r->tr = NULL;   /* the transcript may already be gone */
    wsc_raw_free(b->r);
    b->r = NULL;
    return 0;
}

void wsc_lua_raw_add(lua_State *L)
{
    luaL_newmetatable(L, RAW_MT);
    lua_pushcfunction(L, l_raw_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        { "raw_open", l_raw_open }, { "raw_step", l_raw_step }, { "raw_response", l_raw_response },
        { "raw_send", l_raw_send }, { "raw_send_bytes", l_raw_send_bytes }, { "raw_pending", l_raw_pending }, { "raw_recv", l_raw_recv },
        { "raw_drop", l_raw_drop }, { "raw_mask_key", l_raw_mask_key }, { NULL, NULL }
    };
    luaL_setfuncs(L, fns, 0);
}

void wsc_lua_raw_install(lua_State *L)
{
    /* The test object's method table is the metatable of any t the prelude makes. */
    lua_pushvalue(L, -1);
    lua_call(L, 0, 1);
    if (!lua_getmetatable(L, -1)) luaL_error(L, "the prelude's test object has no method table");
    lua_remove(L, -2);
    if (luaL_loadbufferx(L, wsc_raw_ws_lua, wsc_raw_ws_lua_len, "=wsconf-raw-ws", "t") != LUA_OK) lua_error(L);
    lua_pushvalue(L, -4);   /* _wsc */
    lua_pushvalue(L, -3);   /* the method table */
    lua_call(L, 2, 0);
    lua_pop(L, 1);
}

/* HTTP primitives for the prelude (see lua_http.h). Each binding's stack effect is on
 * the line above it. */
#include "lua_http.h"
#include "http_client.h"
#include "runtime.h"

#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#define HTTP_MT "wsconf.http"

static wsc_http *check_http(lua_State *L, int idx)
{
    return *(wsc_http **)luaL_checkudata(L, idx, HTTP_MT);
}

static void wake_sc(void *owner)
{
    ((wsc_sc *)owner)->woken = 1;
}

/* _wsc.http(sc, url, method, path|nil, headers|nil, body|nil) -> request handle */
static int l_http(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TLIGHTUSERDATA);
    wsc_sc *sc = lua_touserdata(L, 1);
    const char *url = luaL_checkstring(L, 2);
    wsc_http_opts o = { luaL_checkstring(L, 3), luaL_optstring(L, 4, NULL), luaL_optstring(L, 5, NULL), NULL, 0 };
    if (!lua_isnoneornil(L, 6)) o.body = luaL_checklstring(L, 6, &o.body_len);
    wsc_http **list = realloc(sc->https, (sc->n_https + 1) * sizeof *list);
    if (!list) return luaL_error(L, "out of memory");
    sc->https = list;
    int no = (int)(sc->n_conns + sc->n_https) + 1;
    wsc_http *h = wsc_http_start(sc->rt->client, url, &o, &sc->tr, no, wake_sc, sc);
    if (!h) return luaL_error(L, "out of memory");
    sc->https[sc->n_https++] = h;
    wsc_http **box = lua_newuserdatauv(L, sizeof *box, 1);
    *box = h;
    luaL_setmetatable(L, HTTP_MT);
    /* The request body is sent from the Lua string itself: the handle keeps it alive, and
     * the prelude holds the handle until the request ends. */
    if (o.body) {
        lua_pushvalue(L, 6);
        lua_setiuservalue(L, -2, 1);
    }
    return 1;
}

/* _wsc.http_state(h) -> "pending"|"done"|"failed", error|nil */
static int l_http_state(lua_State *L)
{
    wsc_http *h = check_http(L, 1);
    lua_pushstring(L, h->state == WSC_HTTP_DONE ? "done" : h->state == WSC_HTTP_FAILED ? "failed" : "pending");
    if (h->error) lua_pushstring(L, h->error);
    else lua_pushnil(L);
    return 2;
}

/* Adds name=value from one Set-Cookie value to the table on the top. */
static void add_cookie(lua_State *L, const char *v)
{
    const char *eq = strchr(v, '=');
    const char *semi = strchr(v, ';');
    if (!eq || (semi && semi < eq)) return;
    const char *ns = v, *ne = eq;
    while (ns < ne && (*ns == ' ' || *ns == '\t')) ns++;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t')) ne--;
    if (ne == ns) return;
    const char *vs = eq + 1, *ve = semi ? semi : eq + strlen(eq);
    while (vs < ve && (*vs == ' ' || *vs == '\t')) vs++;
    while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
    lua_pushlstring(L, ns, (size_t)(ne - ns));
    lua_pushlstring(L, vs, (size_t)(ve - vs));
    lua_rawset(L, -3);
}

/* _wsc.http_result(h) -> status, reason, headers, cookies, body (only when done) */
static int l_http_result(lua_State *L)
{
    wsc_http *h = check_http(L, 1);
    if (h->state != WSC_HTTP_DONE) return luaL_error(L, "the HTTP request has not completed");
    const wsc_http_parser *p = &h->resp;
    lua_pushinteger(L, p->status);
    lua_pushstring(L, p->reason ? p->reason : "");
    /* headers: repeated names joined with ", " (Set-Cookie with "\n", since its values
     * may contain commas). */
    lua_createtable(L, 0, (int)p->n_headers);
    for (size_t i = 0; i < p->n_headers; i++) {
        const char *name = p->headers[i].name;
        lua_getfield(L, -1, name);
        if (lua_isstring(L, -1)) {
            lua_pushstring(L, strcmp(name, "set-cookie") == 0 ? "\n" : ", ");
            lua_pushstring(L, p->headers[i].value);
            lua_concat(L, 3);
        } else {
            lua_pop(L, 1);
            lua_pushstring(L, p->headers[i].value);
        }
        lua_setfield(L, -2, name);
    }
    lua_newtable(L);
    for (size_t i = 0; i < p->n_headers; i++)
        if (strcmp(p->headers[i].name, "set-cookie") == 0) add_cookie(L, p->headers[i].value);
    lua_pushlstring(L, p->body ? p->body : "", p->body_len);
    return 5;
}

/* _wsc.http_abort(h, why) -> nothing */
static int l_http_abort(lua_State *L)
{
    wsc_http_abort(check_http(L, 1), luaL_optstring(L, 2, "aborted"));
    return 0;
}

void wsc_lua_http_add(lua_State *L)
{
    luaL_newmetatable(L, HTTP_MT);
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        { "http", l_http }, { "http_state", l_http_state }, { "http_result", l_http_result },
        { "http_abort", l_http_abort }, { NULL, NULL }
    };
    luaL_setfuncs(L, fns, 0);
}

/* Loads scenario files: each runs in a fresh environment whose scenario{} appends a
 * validated definition. A file that fails to load stands in as one error entry. */
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

static wsc_def *new_def(wsc_rt *rt)
{
    wsc_def *defs = realloc(rt->defs, (rt->n_defs + 1) * sizeof *defs);
    if (!defs) return NULL;
    rt->defs = defs;
    wsc_def *d = &defs[rt->n_defs++];
    memset(d, 0, sizeof *d);
    d->fn_ref = LUA_NOREF;
    return d;
}

static char *def_error(lua_State *L, const char *where, const char *fmt, const char *arg)
{
    (void)L;
    int n = snprintf(NULL, 0, fmt, arg);
    size_t len = strlen(where) + strlen(": bad scenario definition: ") + (size_t)(n > 0 ? n : 0) + 1;
    char *buf = malloc(len);
    if (!buf) return NULL;
    int used = snprintf(buf, len, "%s: bad scenario definition: ", where);
    snprintf(buf + used, len - (size_t)used, fmt, arg);
    return buf;
}

/* Fills d from the table at idx; returns NULL or an error message (caller frees). */
static char *read_def(wsc_rt *rt, lua_State *L, int idx, wsc_def *d, const char *where)
{
    lua_getfield(L, idx, "id");
    if (lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) > 0) d->id = strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (!d->id) return def_error(L, where, "%s", "id must be a non-empty string");
    for (size_t i = 0; i + 1 < rt->n_defs; i++) {
        if (rt->defs[i].id && strcmp(rt->defs[i].id, d->id) == 0) {
            char first[300];
            snprintf(first, sizeof first, "duplicate id, first defined at %s:%d", rt->defs[i].file, rt->defs[i].line);
            return def_error(L, where, "%s", first);
        }
    }
    lua_getfield(L, idx, "title");
    if (lua_type(L, -1) == LUA_TSTRING) d->title = strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (!d->title) return def_error(L, where, "%s", "title must be a string");
    lua_getfield(L, idx, "timeout");
    if (!lua_isnil(L, -1)) {
        if (!lua_isnumber(L, -1) || lua_tonumber(L, -1) <= 0) {
            lua_pop(L, 1);
            return def_error(L, where, "%s", "timeout must be a positive number of seconds");
        }
        d->timeout_s = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "alone");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
        lua_pop(L, 1);
        return def_error(L, where, "%s", "alone must be a boolean");
    }
    d->alone = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, idx, "covers");
    size_t n = lua_type(L, -1) == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
    if (n == 0) {
        lua_pop(L, 1);
        return def_error(L, where, "%s", "covers must be a non-empty list of requirement ids");
    }
    d->covers = calloc(n, sizeof *d->covers);
    if (!d->covers) {
        lua_pop(L, 1);
        return def_error(L, where, "%s", "out of memory");
    }
    char *err = NULL;
    for (size_t i = 0; i < n && !err; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            err = def_error(L, where, "%s", "covers entries must be strings");
        } else {
            const char *req = lua_tostring(L, -1);
            if (rt->cat && !wsc_catalogue_find(rt->cat, req))
                err = def_error(L, where, "covers '%s', which is not in the catalogue", req);
            else
                d->covers[d->n_covers++] = strdup(req);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (err) return err;
    lua_getfield(L, idx, "profiles");
    if (!lua_isnil(L, -1)) {
        size_t np = lua_type(L, -1) == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
        if (np == 0) {
            lua_pop(L, 1);
            return def_error(L, where, "%s", "profiles must be a non-empty list of profile names");
        }
        d->profiles = calloc(np, sizeof *d->profiles);
        if (!d->profiles) {
            lua_pop(L, 1);
            return def_error(L, where, "%s", "out of memory");
        }
        /* The API is the first segment of the id. */
        char api[128];
        snprintf(api, sizeof api, "%.*s", (int)strcspn(d->id, "."), d->id);
        for (size_t i = 0; i < np && !err; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            if (lua_type(L, -1) != LUA_TSTRING)
                err = def_error(L, where, "%s", "profiles entries must be strings");
            else if (rt->cat && !wsc_catalogue_has_profile(rt->cat, api, lua_tostring(L, -1)))
                err = def_error(L, where, "profiles names '%s', which is not a profile of its API in the catalogue",
                                lua_tostring(L, -1));
            else
                d->profiles[d->n_profiles++] = strdup(lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    if (err) return err;
    lua_getfield(L, idx, "run");
    if (!lua_isfunction(L, -1)) {
        lua_pop(L, 1);
        return def_error(L, where, "%s", "run must be a function");
    }
    d->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return NULL;
}

/* scenario{ id, title, covers, run, timeout, profiles, alone } -> nothing; registers a definition (errors are recorded, not raised) */
static int l_scenario(lua_State *L)
{
    wsc_rt *rt = lua_touserdata(L, lua_upvalueindex(1));
    const char *file = lua_tostring(L, lua_upvalueindex(2));
    if (!rt->loading) return luaL_error(L, "scenario{} can only be called while scenario files load");
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
    char where[400];
    snprintf(where, sizeof where, "%s:%d", file, line);
    wsc_def *d = new_def(rt);
    if (!d) return luaL_error(L, "out of memory");
    d->file = strdup(file);
    d->line = line;
    if (!lua_istable(L, 1)) {
        d->error = def_error(L, where, "%s", "scenario expects a table: scenario { id = ..., run = function(t) ... end }");
    } else {
        d->error = read_def(rt, L, 1, d, where);
    }
    if (d->error && !d->id) {
        /* Name the entry after where it is, so the report can point at it. */
        d->id = strdup(where);
    }
    return 0;
}

void wsc_load_file(wsc_rt *rt, const char *path)
{
    lua_State *L = rt->L;
    size_t before = rt->n_defs;
    int top = lua_gettop(L);
    int rc = luaL_loadfilex(L, path, "t");
    if (rc == LUA_OK) {
        /* A fresh environment per file: globals a file sets stay in that file. */
        lua_newtable(L);
        lua_newtable(L);
        lua_pushglobaltable(L);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, -2);
        lua_pushlightuserdata(L, rt);
        lua_pushstring(L, path);
        lua_pushcclosure(L, l_scenario, 2);
        lua_setfield(L, -2, "scenario");
        lua_setupvalue(L, -2, 1);
        rt->loading = 1;
        rc = lua_pcall(L, 0, 0, 0);
        rt->loading = 0;
    }
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        /* The file's own definitions would be partial: replace them by one error entry. */
        for (size_t i = before; i < rt->n_defs; i++) {
            wsc_def *d = &rt->defs[i];
            free(d->id); free(d->title); free(d->file); free(d->error);
            for (size_t k = 0; k < d->n_covers; k++) free(d->covers[k]);
            free(d->covers);
            for (size_t k = 0; k < d->n_profiles; k++) free(d->profiles[k]);
            free(d->profiles);
            luaL_unref(L, LUA_REGISTRYINDEX, d->fn_ref);
        }
        rt->n_defs = before;
        wsc_def *d = new_def(rt);
        if (d) {
            d->id = strdup(path);
            d->file = strdup(path);
            d->title = strdup("scenario file loads");
            char buf[1200];
            snprintf(buf, sizeof buf, "cannot load %s: %s", path, msg ? msg : "unknown error");
            d->error = strdup(buf);
            /* Lua messages start with "path:line:"; take the line for the report. */
            const char *p = msg ? strstr(msg, path) : NULL;
            if (p && p[strlen(path)] == ':') d->line = atoi(p + strlen(path) + 1);
        }
    }
    lua_settop(L, top);
}

void wsc_defs_free(wsc_rt *rt)
{
    for (size_t i = 0; i < rt->n_defs; i++) {
        wsc_def *d = &rt->defs[i];
        free(d->id); free(d->title); free(d->file); free(d->error);
        for (size_t k = 0; k < d->n_covers; k++) free(d->covers[k]);
        free(d->covers);
        for (size_t k = 0; k < d->n_profiles; k++) free(d->profiles[k]);
        free(d->profiles);
    }
    free(rt->defs);
    rt->defs = NULL;
    rt->n_defs = 0;
}

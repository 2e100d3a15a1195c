/* Runs scenarios as coroutines over one libwebsockets client loop: a step that waits
 * yields; the loop services the network until the nearest deadline and resumes the
 * scenarios whose connections changed or whose deadline passed. */
#include "runtime.h"
#include "http_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lauxlib.h>

volatile sig_atomic_t wsc_interrupted;

/* Instructions between checks of the whole-scenario limit in a busy loop. */
#define WSC_HOOK_COUNT 100000

static wsc_sc *sc_of(lua_State *co)
{
    return *(wsc_sc **)lua_getextraspace(co);
}

static void busy_hook(lua_State *co, lua_Debug *ar)
{
    (void)ar;
    wsc_sc *sc = sc_of(co);
    if (wsc_interrupted) luaL_error(co, "interrupted");
    if (sc && wsc_now() > sc->hard_deadline)
        luaL_error(co, "scenario exceeded its time limit while running Lua code without waiting");
}

static double limit_of(const wsc_sc *sc)
{
    return sc->def->timeout_s > 0 ? sc->def->timeout_s : sc->rt->timeout_s;
}

/* Releases the scenario's connections, coroutine and (for a pass) transcript. */
static void finish(wsc_sc *sc, wsc_verdict v, const char *reason)
{
    wsc_rt *rt = sc->rt;
    wsc_scenario *res = sc->res;
    res->verdict = v;
    if (reason && !res->reason) res->reason = strdup(reason);
    res->duration_s = wsc_now() - sc->started;
    if (v != WSC_VERDICT_PASS && v != WSC_VERDICT_SKIPPED) res->transcript = wsc_transcript_tail(&sc->tr, 12, "");
    /* Every scenario that ran keeps its structured transcript for the reports (HTML, JSON). */
    if (v != WSC_VERDICT_SKIPPED && !res->frames)
        wsc_transcript_export(&sc->tr, &res->frames, &res->n_frames, &res->frames_earlier);
    for (size_t i = 0; i < sc->n_conns; i++) {
        wsc_conn *c = sc->conns[i];
        for (size_t k = 0; k < wsc_inbox_count(&c->inbox); k++) {
            wsc_frame *f = wsc_inbox_at(&c->inbox, k);
            luaL_unref(rt->L, LUA_REGISTRYINDEX, f->user_ref);
            f->user_ref = WSC_INBOX_NO_REF;
        }
        wsc_conn_detach(c);
    }
    free(sc->conns);
    sc->conns = NULL;
    sc->n_conns = 0;
    for (size_t i = 0; i < sc->n_https; i++) wsc_http_detach(sc->https[i]);
    free(sc->https);
    sc->https = NULL;
    sc->n_https = 0;
    wsc_transcript_free(&sc->tr);
    if (sc->co) {
        lua_resetthread(sc->co);
        luaL_unref(rt->L, LUA_REGISTRYINDEX, sc->co_ref);
        sc->co = NULL;
    }
    sc->state = WSC_SC_DONE;
}

/* The verdict of a scenario whose run function returned or ended through the prelude. */
static void finish_from_checks(wsc_sc *sc)
{
    if (sc->res->n_checks == 0) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s:%d: the scenario made no check (a scenario must assert something)",
                 sc->def->file, sc->def->line);
        finish(sc, WSC_VERDICT_ERROR, buf);
        return;
    }
    finish(sc, wsc_verdict_from_checks(sc->res->checks, sc->res->n_checks, sc->rt->strict), NULL);
}

static int has_location(const char *msg)
{
    /* Lua positions look like "name.lua:12:". */
    const char *p = strstr(msg, ".lua:");
    return p && p[5] >= '0' && p[5] <= '9';
}

static void finish_from_error(wsc_sc *sc)
{
    lua_State *co = sc->co;
    if (lua_istable(co, -1)) {
        lua_getfield(co, -1, "wsc_end");
        const char *kind = lua_tostring(co, -1);
        if (kind && strcmp(kind, "skip") == 0) {
            lua_getfield(co, -2, "reason");
            char *reason = strdup(lua_tostring(co, -1) ? lua_tostring(co, -1) : "skipped");
            finish(sc, WSC_VERDICT_SKIPPED, reason);
            free(reason);
            return;
        }
        if (kind) {
            finish_from_checks(sc);
            return;
        }
        lua_pop(co, 1);
    }
    const char *msg = luaL_tolstring(co, -1, NULL);
    char where[256];
    wsc_api_where(co, where, sizeof where);
    size_t len = strlen(msg) + strlen(where) + 32;
    char *buf = malloc(len);
    if (buf) {
        if (has_location(msg)) snprintf(buf, len, "%s", msg);
        else snprintf(buf, len, "%s: %s", where, msg);
    }
    finish(sc, WSC_VERDICT_ERROR, buf ? buf : msg);
    free(buf);
}

static void resume(wsc_sc *sc, int nargs)
{
    int nres = 0;
    sc->woken = 0;
    sc->state = WSC_SC_WAITING;
    int rc = lua_resume(sc->co, sc->rt->L, nargs, &nres);
    if (rc == LUA_YIELD) {
        lua_pop(sc->co, nres);
        return;
    }
    if (rc == LUA_OK) finish_from_checks(sc);
    else finish_from_error(sc);
}

/* Pushes t for sc on the main state; 0 or -1 with the error message pushed. */
static int push_t(wsc_sc *sc)
{
    wsc_rt *rt = sc->rt;
    lua_State *L = rt->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt->make_t_ref);
    lua_pushlightuserdata(L, sc);
    lua_pushstring(L, sc->def->id);
    lua_pushinteger(L, (lua_Integer)rt->run->seed);
    lua_createtable(L, 0, (int)rt->run->n_targets);
    for (size_t i = 0; i < rt->run->n_targets; i++) {
        lua_pushstring(L, rt->run->targets[i].target);
        lua_setfield(L, -2, rt->run->targets[i].api);
    }
    lua_createtable(L, (int)sc->def->n_covers, 0);
    for (size_t i = 0; i < sc->def->n_covers; i++) {
        lua_pushstring(L, sc->def->covers[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    if (sc->profile) lua_pushstring(L, sc->profile);
    else lua_pushnil(L);
    return lua_pcall(L, 6, 1, 0) == LUA_OK ? 0 : -1;
}

static void start(wsc_sc *sc)
{
    wsc_rt *rt = sc->rt;
    lua_State *L = rt->L;
    sc->ran = 1;
    sc->started = wsc_now();
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    sc->res->start_time = (double)wall.tv_sec + (double)wall.tv_nsec / 1e9;
    sc->hard_deadline = sc->started + limit_of(sc);
    sc->wait_until = sc->hard_deadline;
    wsc_transcript_init(&sc->tr);
    if (push_t(sc)) {
        finish(sc, WSC_VERDICT_ERROR, lua_tostring(L, -1));
        lua_pop(L, 1);
        return;
    }
    sc->co = lua_newthread(L);
    sc->co_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    *(wsc_sc **)lua_getextraspace(sc->co) = sc;
    lua_sethook(sc->co, busy_hook, LUA_MASKCOUNT, WSC_HOOK_COUNT);
    lua_rawgeti(sc->co, LUA_REGISTRYINDEX, sc->def->fn_ref);
    lua_xmove(L, sc->co, 1);   /* t */
    resume(sc, 1);
}

static void time_out(wsc_sc *sc)
{
    char buf[700];
    snprintf(buf, sizeof buf, "%s: scenario timed out after %gs while waiting at: %s",
             sc->wait_where, limit_of(sc), sc->wait_what);
    finish(sc, WSC_VERDICT_ERROR, buf);
}

void wsc_sched_run(wsc_rt *rt, void (*on_done)(const wsc_sc *sc, void *ud), void *ud)
{
    size_t next = 0, reported = 0, active = 0;
    size_t n = rt->n_scs;
    int alone_active = 0;   /* a scenario marked alone is running: nothing else starts */
    while (reported < n) {
        int held = 0;        /* the next scenario waits for the running ones to end */
        while (next < n && active < (size_t)rt->jobs) {
            wsc_sc *sc = &rt->scs[next];
            if (sc->state == WSC_SC_PENDING) {
                int alone = sc->def && sc->def->alone;
                if (active > 0 && (alone || alone_active)) {
                    held = 1;
                    break;
                }
                start(sc);
                active++;
                if (alone) alone_active = 1;
            }
            next++;
        }
        /* Report each scenario as soon as it is done. */
        for (size_t i = 0; i < next; i++) {
            wsc_sc *sc = &rt->scs[i];
            if (sc->state == WSC_SC_DONE && !sc->reported) {
                sc->reported = 1;
                reported++;
                if (sc->ran) active--;
                if (sc->ran && sc->def && sc->def->alone) alone_active = 0;
                if (on_done) on_done(sc, ud);
            }
        }
        if (reported >= n) break;
        /* Start more now unless the next one is held and others still run. */
        if ((!held || active == 0) && active < (size_t)rt->jobs && next < n) continue;

        double now = wsc_now(), wait = 1.0;
        for (size_t i = 0; i < next; i++) {
            wsc_sc *sc = &rt->scs[i];
            if (sc->state != WSC_SC_WAITING) continue;
            double until = sc->wait_until < sc->hard_deadline ? sc->wait_until : sc->hard_deadline;
            if (sc->woken) until = now;
            if (until - now < wait) wait = until - now;
        }
        wsc_client_service(rt->client, wait);
        now = wsc_now();
        if (wsc_interrupted) {
            for (size_t i = 0; i < n; i++)
                if (rt->scs[i].state != WSC_SC_DONE) {
                    if (!rt->scs[i].ran) rt->scs[i].started = now;
                    finish(&rt->scs[i], WSC_VERDICT_ERROR, "interrupted (SIGINT/SIGTERM) before the scenario finished");
                }
            next = n;
            continue;
        }
        for (size_t i = 0; i < next; i++) {
            wsc_sc *sc = &rt->scs[i];
            if (sc->state != WSC_SC_WAITING) continue;
            if (now >= sc->hard_deadline) time_out(sc);
            else if (sc->woken || now >= sc->wait_until) resume(sc, 0);
        }
    }
}

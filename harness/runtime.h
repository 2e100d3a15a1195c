/* The state of one run shared by the loader, the Lua API and the scheduler: the Lua
 * state, the scenario definitions, and one wsc_sc per selected scenario. Internal to
 * the harness. */
#ifndef WSC_RUNTIME_H
#define WSC_RUNTIME_H

#include <signal.h>
#include <stddef.h>
#include <lua.h>
#include "transcript.h"
#include "ws_client.h"
#include "wsc_catalogue.h"
#include "wsc_result.h"

/* One scenario{} definition as loaded (or a load failure standing in for a file). */
typedef struct {
    char *id, *title, *file;
    int line;
    char **covers;
    size_t n_covers;
    int fn_ref;              /* registry ref of run, LUA_NOREF for a load failure */
    double timeout_s;        /* 0: the run's --timeout */
    int alone;               /* runs with no other scenario of the run at the same time */
    char **profiles;         /* profiles it applies to; NULL (n 0) = every profile */
    size_t n_profiles;
    char *error;             /* load or definition error with file:line, or NULL */
} wsc_def;

typedef enum { WSC_SC_PENDING, WSC_SC_WAITING, WSC_SC_DONE } wsc_sc_state;

struct wsc_rt;

/* A scenario being run. */
typedef struct wsc_sc {
    struct wsc_rt *rt;
    const wsc_def *def;
    wsc_scenario *res;       /* borrowed: the result slot in the wsc_run */
    const char *profile;     /* the run's profile for the scenario's API, or NULL; borrowed */
    wsc_sc_state state;
    int ran;                 /* started (not finished before starting, like a load error) */
    int reported;            /* on_done was called */
    lua_State *co;           /* its coroutine, anchored by co_ref */
    int co_ref;
    double started;          /* monotonic */
    double hard_deadline;    /* the whole scenario's limit */
    double wait_until;       /* the current step's own deadline */
    int woken;               /* a connection changed since the last resume */
    char wait_what[256];     /* the step it waits at, for a timeout message */
    char wait_where[256];
    wsc_transcript tr;
    wsc_conn **conns;        /* owned array; the connections are the client's */
    size_t n_conns;
    struct wsc_http **https; /* owned array; the requests are the client's */
    size_t n_https;
} wsc_sc;

typedef struct wsc_rt {
    lua_State *L;
    wsc_client *client;
    const wsc_catalogue *cat;
    wsc_def *defs;           /* owned */
    size_t n_defs;
    wsc_run *run;            /* borrowed */
    wsc_sc *scs;             /* owned; one per run->scenarios entry */
    size_t n_scs;
    int strict, verbose;
    double timeout_s;
    int jobs;
    int make_t_ref;          /* prelude function(sc, id, seed, targets) -> t */
    const char *package_path; /* for require(); may be NULL */
    int loading;             /* scenario{} is only valid while files load */
} wsc_rt;

/* lua_api.c: opens the libraries, json, the `_wsc` primitives and the prelude.
 * Returns 0, or -1 with a message. */
int wsc_api_open(wsc_rt *rt, char *err, size_t errlen);
/* "file:line" of the innermost Lua frame that is not the prelude (scenario or lib). */
void wsc_api_where(lua_State *L, char *buf, size_t len);

/* loader.c: loads one scenario file, appending definitions (or one load failure). */
void wsc_load_file(wsc_rt *rt, const char *path);
void wsc_defs_free(wsc_rt *rt);

/* Set from a SIGINT/SIGTERM handler: the scheduler ends every unfinished scenario as
 * an error so that the run still cleans up (server stopped, JUnit written). */
extern volatile sig_atomic_t wsc_interrupted;

/* scheduler.c: runs every rt->scs to completion, at most rt->jobs at once. Calls
 * on_done for each as it finishes. */
void wsc_sched_run(wsc_rt *rt, void (*on_done)(const wsc_sc *sc, void *ud), void *ud);

#endif

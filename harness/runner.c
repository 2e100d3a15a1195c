/* One run of the scenario runner (see runner.h). */
#include "runner.h"
#include "console.h"
#include "discover.h"
#include "runtime.h"
#include "server_launch.h"
#include "profiles.h"
#include "junit.h"
#include "report.h"
#include "shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lauxlib.h>

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The API of a scenario is the first segment of its id; an entry standing in for a file
 * (its id is a path) takes the name of the file's folder, e.g. scenarios/labgraph/x.lua. */
static char *api_of(const char *id)
{
    if (strchr(id, '/')) {
        const char *end = strrchr(id, '/');
        const char *start = end;
        while (start > id && start[-1] != '/') start--;
        size_t n = (size_t)(end - start);
        char *s = malloc(n + 1);
        if (s) {
            memcpy(s, start, n);
            s[n] = '\0';
        }
        return s;
    }
    const char *dot = strchr(id, '.');
    size_t n = dot ? (size_t)(dot - id) : strlen(id);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, id, n);
        s[n] = '\0';
    }
    return s;
}

static int covers(const wsc_def *d, const char *req)
{
    for (size_t i = 0; i < d->n_covers; i++)
        if (strcmp(d->covers[i], req) == 0) return 1;
    return 0;
}

static int def_has_profile(const wsc_def *d, const char *profile)
{
    for (size_t i = 0; profile && i < d->n_profiles; i++)
        if (strcmp(d->profiles[i], profile) == 0) return 1;
    return 0;
}

static int selected(const wsc_runner_opts *o, const wsc_def *d)
{
    if (!wsc_cli_selected_scenario(o->cli, d->id, d->covers, d->n_covers)) return 0;
    if (o->covering && !covers(d, o->covering)) return 0;
    return 1;
}

/* pick[i]: definition i is selected and (with --shard) in this shard. NULL when out of memory. */
static int *pick_defs(const wsc_rt *rt, const wsc_runner_opts *o)
{
    int *pick = calloc(rt->n_defs + 1, sizeof *pick);
    const char **ids = calloc(rt->n_defs + 1, sizeof *ids);
    size_t *where = calloc(rt->n_defs + 1, sizeof *where);
    int *keep = calloc(rt->n_defs + 1, sizeof *keep);
    size_t n = 0;
    if (pick && ids && where && keep) {
        for (size_t i = 0; i < rt->n_defs; i++) {
            if (!selected(o, &rt->defs[i])) continue;
            ids[n] = rt->defs[i].id;
            where[n++] = i;
        }
        if (wsc_shard_pick(ids, n, o->cli->shard_k, o->cli->shard_n, keep) == 0) {
            for (size_t i = 0; i < n; i++) pick[where[i]] = keep[i];
        } else {
            free(pick);
            pick = NULL;
        }
    } else {
        free(pick);
        pick = NULL;
    }
    free(ids);
    free(where);
    free(keep);
    return pick;
}

static void print_list(const wsc_rt *rt, const int *pick)
{
    size_t n = 0;
    for (size_t i = 0; i < rt->n_defs; i++) {
        const wsc_def *d = &rt->defs[i];
        if (!pick[i]) continue;
        n++;
        printf("%s  %s\n", d->id, d->title ? d->title : "");
        if (d->error) printf("    error: %s\n", d->error);
        for (size_t k = 0; k < d->n_covers; k++) printf("    covers %s\n", d->covers[k]);
    }
    printf("%zu scenario%s\n", n, n == 1 ? "" : "s");
}

/* Requirement ids of the catalogue that no scenario definition covers, for the APIs that
 * have at least one definition (a run of one API's folder does not report the others). */
static int find_uncovered(const wsc_rt *rt, const wsc_catalogue *cat, char ***out, size_t *n_out)
{
    *out = calloc(cat->n + 1, sizeof **out);
    *n_out = 0;
    if (!*out) return -1;
    for (size_t i = 0; i < cat->n; i++) {
        const wsc_requirement *r = &cat->items[i];
        int api_defined = 0, covered = 0;
        for (size_t k = 0; k < rt->n_defs && !covered; k++) {
            const wsc_def *d = &rt->defs[k];
            char *api = api_of(d->id);
            api_defined |= api && strcmp(api, r->api) == 0;
            free(api);
            covered = covers(d, r->id);
        }
        if (api_defined && !covered && !((*out)[(*n_out)++] = strdup(r->id))) return -1;
    }
    return 0;
}

/* --dry-run: every selected scenario with the target it would be run against. */
static void print_dry_run(const wsc_rt *rt, const int *pick, const wsc_runner_opts *o, const wsc_catalogue *cat)
{
    const wsc_cli *cli = o->cli;
    size_t n = 0, skipped = 0;
    if (cli->n_targets == 0)
        printf("targets: the bundled wsconf-server%s%s (ports chosen when it starts), seed %llu\n",
               cli->fault ? " with fault " : "", cli->fault ? cli->fault : "", cli->seed);
    for (size_t i = 0; i < cli->n_targets; i++) printf("target %s = %s\n", cli->targets[i].api, cli->targets[i].url);
    if (cli->shard_n) printf("shard %u/%u\n", cli->shard_k, cli->shard_n);
    for (size_t i = 0; i < rt->n_defs; i++) {
        const wsc_def *d = &rt->defs[i];
        if (!pick[i]) continue;
        n++;
        char *api = api_of(d->id);
        const char *url = NULL;
        for (size_t k = 0; api && k < cli->n_targets; k++)
            if (strcmp(cli->targets[k].api, api) == 0) url = cli->targets[k].url;
        const char *profile = api ? wsc_profile_active(cat, cli, api) : NULL;
        if (d->error) {
            printf("error    %s  (%s)\n", d->id, d->error);
        } else if (cli->n_targets && !url) {
            skipped++;
            printf("skip     %s  (no target for API '%s')\n", d->id, api ? api : "?");
        } else {
            printf("run      %s  -> %s%s%s%s\n", d->id, url ? url : "bundled server, API ", url ? "" : (api ? api : "?"),
                   profile ? "  profile " : "", profile ? profile : "");
        }
        free(api);
    }
    printf("%zu scenario%s selected, %zu without a target\n", n, n == 1 ? "" : "s", skipped);
}

static void print_uncovered(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++) printf("uncovered: %s  (no scenario covers it)\n", ids[i]);
    printf("%zu uncovered requirement%s\n", n, n == 1 ? "" : "s");
}

static int add_target(wsc_run *run, const char *api, const char *url, const char *profile)
{
    wsc_target *t = realloc(run->targets, (run->n_targets + 1) * sizeof *t);
    if (!t) return -1;
    run->targets = t;
    memset(&t[run->n_targets], 0, sizeof *t);
    t[run->n_targets].api = strdup(api);
    t[run->n_targets].target = strdup(url);
    t[run->n_targets].profile = profile ? strdup(profile) : NULL;
    run->n_targets++;
    return 0;
}

/* Each target names the API document its catalogue was written from. */
static int name_documents(wsc_run *run, const wsc_catalogue *cat)
{
    for (size_t i = 0; i < run->n_targets; i++) {
        const char *doc = wsc_catalogue_document(cat, run->targets[i].api);
        if (doc && !(run->targets[i].document = strdup(doc))) return -1;
    }
    return 0;
}

static const char *target_of(const wsc_run *run, const char *api)
{
    for (size_t i = 0; i < run->n_targets; i++)
        if (strcmp(run->targets[i].api, api) == 0) return run->targets[i].target;
    return NULL;
}

static void fill_scenario(wsc_scenario *s, const wsc_def *d)
{
    s->id = strdup(d->id);
    s->api = api_of(d->id);
    s->title = strdup(d->title ? d->title : d->id);
    s->file = strdup(d->file ? d->file : "");
    s->line = d->line;
    s->covers = calloc(d->n_covers ? d->n_covers : 1, sizeof *s->covers);
    for (size_t k = 0; s->covers && k < d->n_covers; k++) s->covers[s->n_covers++] = strdup(d->covers[k]);
}

static void on_done(const wsc_sc *sc, void *ud)
{
    wsc_console_scenario(ud, sc->res);
}

int wsc_runner_exit_status(const wsc_run *run)
{
    for (size_t i = 0; i < run->n_scenarios; i++)
        if (wsc_verdict_fails_run(run->scenarios[i].verdict, run->fail_on)) return 1;
    return 0;
}

typedef struct {
    wsc_files files;
    wsc_catalogue cat;
    int cat_loaded;
    wsc_rt rt;
    wsc_server server;
    wsc_run *run;
    int *pick;           /* pick_defs() */
} run_state;

static void release(run_state *st)
{
    if (st->rt.L) lua_close(st->rt.L);
    st->rt.L = NULL;
    /* After the Lua state: connections may still be referenced from it until then. */
    wsc_client_free(st->rt.client);
    wsc_server_stop(&st->server);
    for (size_t i = 0; i < st->rt.n_scs; i++) {
        free(st->rt.scs[i].conns);
        free(st->rt.scs[i].https);
        wsc_transcript_free(&st->rt.scs[i].tr);
    }
    free(st->rt.scs);
    wsc_defs_free(&st->rt);
    if (st->cat_loaded) wsc_catalogue_free(&st->cat);
    free(st->pick);
    st->pick = NULL;
    wsc_files_free(&st->files);
}

static int setup_targets(run_state *st, const wsc_runner_opts *o, const char *fault, char *err, size_t errlen)
{
    const wsc_cli *cli = o->cli;
    for (size_t i = 0; i < cli->n_targets; i++)
        if (add_target(st->run, cli->targets[i].api, cli->targets[i].url,
                       wsc_profile_active(&st->cat, cli, cli->targets[i].api)))
            goto oom;
    if (cli->n_targets) return 0;

    char binary[4096];
    if (cli->server) snprintf(binary, sizeof binary, "%s", cli->server);
    else if (wsc_server_default_path(binary, sizeof binary)) {
        snprintf(err, errlen, "cannot locate wsconf-server beside this binary; use --server PATH or --target");
        return -1;
    }
    char log[4200];
    snprintf(log, sizeof log, "%s/server.log", cli->out);
    /* The server serves the profiles the run expects: --profile API=NAME for each chosen. */
    const char **extra = calloc(2 * cli->n_profiles + 1, sizeof *extra);
    char **pairs = calloc(cli->n_profiles + 1, sizeof *pairs);
    if (!extra || !pairs) {
        free(extra);
        free(pairs);
        goto oom;
    }
    for (size_t i = 0; i < cli->n_profiles; i++) {
        size_t len = strlen(cli->profiles[i].api) + strlen(cli->profiles[i].name) + 2;
        pairs[i] = malloc(len);
        if (pairs[i]) snprintf(pairs[i], len, "%s=%s", cli->profiles[i].api, cli->profiles[i].name);
        extra[2 * i] = "--profile";
        extra[2 * i + 1] = pairs[i] ? pairs[i] : "";
    }
    int rc = wsc_server_start(&st->server, binary, cli->seed, fault, extra, log, 10, err, errlen);
    for (size_t i = 0; i < cli->n_profiles; i++) free(pairs[i]);
    free(pairs);
    free(extra);
    if (rc) return -1;
    for (size_t i = 0; i < st->server.n_ports; i++) {
        char url[300];
        const char *api = st->server.ports[i].api;
        snprintf(url, sizeof url, "%s://127.0.0.1:%d/", st->server.ports[i].tls ? "wss" : "ws", st->server.ports[i].port);
        if (add_target(st->run, api, url, wsc_profile_active(&st->cat, cli, api))) goto oom;
    }
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    return -1;
}

static int write_report(const wsc_cli *cli, const wsc_run *run, const wsc_catalogue *cat, char *err, size_t errlen)
{
    cJSON *doc = wsc_report_build(run, cat);
    if (!doc) {
        snprintf(err, errlen, "cannot build the report: out of memory");
        return -1;
    }
    char rerr[600] = "";
    int rc = wsc_report_write_dir(doc, cli->report, rerr, sizeof rerr);
    cJSON_Delete(doc);
    if (rc) snprintf(err, errlen, "cannot write the report: %s", rerr);
    return rc;
}

static int write_junit(const wsc_runner_opts *o, const wsc_run *run, char *err, size_t errlen)
{
    char path[4200];
    if (o->cli->junit) snprintf(path, sizeof path, "%s", o->cli->junit);
    else snprintf(path, sizeof path, "%s/junit.xml", o->cli->out);
    char jerr[300] = "";
    if (wsc_junit_write_file(run, path, jerr, sizeof jerr) != 0) {
        snprintf(err, errlen, "cannot write JUnit XML to %s: %s", path, jerr);
        return -1;
    }
    return 0;
}

int wsc_runner_run(const wsc_runner_opts *o, wsc_run **out, char *err, size_t errlen)
{
    const wsc_cli *cli = o->cli;
    run_state st;
    memset(&st, 0, sizeof st);
    *out = NULL;
    double t0 = wsc_now();
    const char *fault = o->fault ? o->fault : cli->fault;

    if (wsc_discover(cli->paths, cli->n_paths, &st.files, err, errlen)) {
        release(&st);
        return -2;
    }
    char catdir[4200];
    snprintf(catdir, sizeof catdir, "%s/reports/catalogue", wsc_home());
    if (wsc_catalogue_load_dir(&st.cat, catdir, err, errlen)) goto fail;
    st.cat_loaded = 1;
    if (wsc_profiles_check(&st.cat, cli, err, errlen)) {
        release(&st);
        return -2;
    }

    wsc_rt *rt = &st.rt;
    rt->cat = &st.cat;
    rt->strict = cli->strict;
    rt->verbose = cli->verbose;
    rt->timeout_s = cli->timeout_s;
    rt->jobs = cli->jobs;
    rt->package_path = st.files.package_path;
    if (wsc_api_open(rt, err, errlen)) goto fail;
    for (size_t i = 0; i < st.files.n; i++) wsc_load_file(rt, st.files.files[i]);

    int *pick = st.pick = pick_defs(rt, o);
    if (!pick) goto oom;
    if (cli->list || cli->dry_run) {
        char **uncovered = NULL;
        size_t n_uncovered = 0;
        if (cli->list) print_list(rt, pick);
        else if (find_uncovered(rt, &st.cat, &uncovered, &n_uncovered) == 0) {
            print_dry_run(rt, pick, o, &st.cat);
            print_uncovered(uncovered, n_uncovered);
        }
        for (size_t i = 0; i < n_uncovered; i++) free(uncovered[i]);
        free(uncovered);
        release(&st);
        return 0;
    }

    st.run = calloc(1, sizeof *st.run);
    if (!st.run) goto oom;
    wsc_run *run = st.run;
    run->tool_version = strdup(WSCONF_VERSION);
    run->seed = cli->seed;
    run->strict = cli->strict;
    run->start_time = wall_now();
    run->fail_on = (wsc_level)cli->fail_on;
    run->shard_k = cli->shard_k;
    run->shard_n = cli->shard_n;
    if (find_uncovered(rt, &st.cat, &run->uncovered, &run->n_uncovered)) goto oom;
    if (wsc_make_dirs(cli->out)) {
        snprintf(err, errlen, "cannot create output folder %s: %s", cli->out, strerror(errno));
        goto fail;
    }
    if (setup_targets(&st, o, fault, err, errlen)) goto fail;
    if (name_documents(run, &st.cat)) goto oom;
    rt->run = run;
    /* The bundled server names the CA of its TLS vhosts; --ca / --insecure still win. */
    const char *ca = cli->ca ? cli->ca : cli->insecure ? NULL : st.server.ca;
    rt->client = wsc_client_new(ca, cli->insecure, cli->verbose, err, errlen);
    if (!rt->client) goto fail;

    size_t n = 0;
    for (size_t i = 0; i < rt->n_defs; i++) n += pick[i] != 0;
    run->scenarios = calloc(n ? n : 1, sizeof *run->scenarios);
    rt->scs = calloc(n ? n : 1, sizeof *rt->scs);
    if (!run->scenarios || !rt->scs) goto oom;
    for (size_t i = 0; i < rt->n_defs; i++) {
        const wsc_def *d = &rt->defs[i];
        if (!pick[i]) continue;
        wsc_scenario *s = &run->scenarios[run->n_scenarios];
        wsc_sc *sc = &rt->scs[rt->n_scs];
        run->n_scenarios++;
        rt->n_scs++;
        fill_scenario(s, d);
        s->start_time = run->start_time;
        sc->rt = rt;
        sc->def = d;
        sc->res = s;
        sc->co_ref = LUA_NOREF;
        sc->profile = wsc_profile_active(&st.cat, cli, s->api);
        if (d->error) {
            s->verdict = WSC_VERDICT_ERROR;
            s->reason = strdup(d->error);
            sc->state = WSC_SC_DONE;
        } else if (!target_of(run, s->api)) {
            char buf[300];
            snprintf(buf, sizeof buf, "no target for API '%s' (use --target %s=URL)", s->api, s->api);
            s->verdict = WSC_VERDICT_SKIPPED;
            s->reason = strdup(buf);
            sc->state = WSC_SC_DONE;
        } else if (d->n_profiles && !def_has_profile(d, sc->profile)) {
            char listed[300] = "";
            size_t used = 0;
            for (size_t k = 0; k < d->n_profiles && used < sizeof listed; k++)
                used += (size_t)snprintf(listed + used, sizeof listed - used, "%s%s", k ? ", " : "", d->profiles[k]);
            char buf[700];
            snprintf(buf, sizeof buf, "%s:%d: scenario applies to profile %s; this run expects profile '%s' of API '%s'",
                     d->file, d->line, listed, sc->profile ? sc->profile : "(none)", s->api);
            s->verdict = WSC_VERDICT_SKIPPED;
            s->reason = strdup(buf);
            sc->state = WSC_SC_DONE;
        }
    }

    wsc_console con;
    wsc_console_init(&con, stdout, o->quiet);
    wsc_console_start(&con, run, run->n_scenarios);
    wsc_sched_run(rt, on_done, &con);
    run->duration_s = wsc_now() - t0;
    wsc_console_summary(&con, run);

    /* The run itself is complete even if the writer fails: keep the results. */
    int junit_rc = o->write_junit ? write_junit(o, run, err, errlen) : 0;
    if (!junit_rc && o->write_junit && cli->report) junit_rc = write_report(cli, run, &st.cat, err, errlen);
    st.run = NULL;
    release(&st);
    *out = run;
    return junit_rc ? 1 : 0;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    if (st.run) wsc_run_free(st.run);
    st.run = NULL;
    release(&st);
    return -1;
}

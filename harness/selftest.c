/* `wsconf selftest` (see selftest.h): a baseline run without faults, then for each fault
 * of `wsconf-server --list-faults` a run of the scenarios that cover the requirement it
 * breaks. --only/--exclude select faults by name here. */
#include "selftest.h"
#include "console.h"
#include "discover.h"
#include "profiles.h"
#include "runner.h"
#include "runtime.h"
#include "server_launch.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *name, *breaks, *api;
} fault;

static size_t parse_faults(char *text, fault **out)
{
    size_t n = 0;
    *out = NULL;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *j = cJSON_Parse(line);
        cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
        cJSON *breaks = cJSON_GetObjectItemCaseSensitive(j, "breaks");
        cJSON *api = cJSON_GetObjectItemCaseSensitive(j, "api");
        if (cJSON_IsString(name) && cJSON_IsString(breaks) && cJSON_IsString(api)) {
            fault *f = realloc(*out, (n + 1) * sizeof *f);
            if (f) {
                *out = f;
                f[n].name = strdup(name->valuestring);
                f[n].breaks = strdup(breaks->valuestring);
                f[n].api = strdup(api->valuestring);
                n++;
            }
        }
        cJSON_Delete(j);
    }
    return n;
}

static void free_faults(fault *faults, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(faults[i].name);
        free(faults[i].breaks);
        free(faults[i].api);
    }
    free(faults);
}

/* Selection of faults by the --only / --exclude patterns. */
static int fault_selected(const wsc_cli *cli, const char *name)
{
    return wsc_cli_selected(cli, name);
}

/* A copy of cli that selects every scenario (--only/--exclude are about faults). */
static wsc_cli scenario_cli(const wsc_cli *cli)
{
    wsc_cli c = *cli;
    c.only = c.exclude = NULL;
    c.n_only = c.n_exclude = 0;
    c.junit = NULL;
    return c;
}

static int detected_by(const wsc_scenario *s, const char *req)
{
    if (s->verdict == WSC_VERDICT_FAIL) return 1;
    for (size_t i = 0; i < s->n_checks; i++)
        if (!s->checks[i].passed && strcmp(s->checks[i].requirement, req) == 0) return 1;
    return 0;
}

/* Runs every scenario without a fault; *out keeps the run for the coverage audit. */
static int baseline(const wsc_cli *cli, wsc_run **out)
{
    wsc_cli c = scenario_cli(cli);
    wsc_runner_opts o = { .cli = &c, .quiet = 1 };
    wsc_run *run = NULL;
    char err[1024] = "";
    if (wsc_runner_run(&o, &run, err, sizeof err) < 0) {
        printf("baseline: cannot run: %s\n", err);
        return -1;
    }
    wsc_console con;
    wsc_console_init(&con, stdout, 0);
    int bad = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const wsc_scenario *s = &run->scenarios[i];
        if (s->verdict == WSC_VERDICT_PASS || s->verdict == WSC_VERDICT_SKIPPED) continue;
        bad++;
        wsc_console_scenario(&con, s);
    }
    printf("baseline: %zu scenarios without faults, %d not passing\n", run->n_scenarios, bad);
    *out = run;
    return bad;
}

static int scenario_covers(const wsc_scenario *s, const char *req)
{
    for (size_t i = 0; i < s->n_covers; i++)
        if (strcmp(s->covers[i], req) == 0) return 1;
    return 0;
}

/* Every requirement of an API the server can break must be covered by a scenario
 * and broken by a fault: a requirement without either is a hole the fault runs
 * cannot reveal. Returns the number of holes. */
static int coverage_audit(const wsc_run *base, const fault *faults, size_t n)
{
    char catdir[4200], err[1024] = "";
    snprintf(catdir, sizeof catdir, "%s/reports/catalogue", wsc_home());
    wsc_catalogue cat = { 0 };
    if (wsc_catalogue_load_dir(&cat, catdir, err, sizeof err)) {
        printf("coverage: cannot load the catalogue: %s\n", err);
        return 1;
    }
    int holes = 0;
    size_t audited = 0;
    for (size_t i = 0; i < cat.n; i++) {
        const wsc_requirement *r = &cat.items[i];
        int api_has_faults = 0, broken = 0, covered = 0;
        for (size_t k = 0; k < n; k++) {
            api_has_faults |= strcmp(faults[k].api, r->api) == 0;
            broken |= strcmp(faults[k].breaks, r->id) == 0;
        }
        if (!api_has_faults) continue;
        audited++;
        for (size_t k = 0; k < base->n_scenarios && !covered; k++) covered = scenario_covers(&base->scenarios[k], r->id);
        if (!covered) printf("UNCOVERED %s  (no scenario covers it)\n", r->id);
        if (!broken) printf("UNTESTED  %s  (no server fault breaks it)\n", r->id);
        holes += !covered + !broken;
    }
    printf("coverage: %zu requirements audited, %d holes\n", audited, holes);
    wsc_catalogue_free(&cat);
    return holes;
}

/* A fault that breaks a requirement not holding in the run's profile of its API cannot
 * be seen in this run (the scenarios covering it are skipped); a run with that profile
 * (--profile API=NAME) checks it. */
static int fault_elsewhere(const wsc_cli *cli, const char *breaks)
{
    char catdir[4200], err[1024] = "";
    snprintf(catdir, sizeof catdir, "%s/reports/catalogue", wsc_home());
    wsc_catalogue cat = { 0 };
    if (wsc_catalogue_load_dir(&cat, catdir, err, sizeof err)) return 0;
    const wsc_requirement *r = wsc_catalogue_find(&cat, breaks);
    int elsewhere = r && !wsc_requirement_applies(r, wsc_profile_active(&cat, cli, r->api));
    wsc_catalogue_free(&cat);
    return elsewhere;
}

int wsc_selftest(const wsc_cli *cli)
{
    char binary[4096], err[1024] = "";
    if (cli->server) snprintf(binary, sizeof binary, "%s", cli->server);
    else if (wsc_server_default_path(binary, sizeof binary)) {
        fprintf(stderr, "wsconf: cannot locate wsconf-server beside this binary; use --server PATH\n");
        return 3;
    }
    char *list = wsc_server_capture(binary, "--list-faults", err, sizeof err);
    if (!list) {
        fprintf(stderr, "wsconf: %s\n", err);
        return 3;
    }
    fault *faults;
    size_t n = parse_faults(list, &faults);
    free(list);

    wsc_run *base = NULL;
    int base_bad = baseline(cli, &base);
    /* The audit reads the whole fault list and the baseline, whatever faults --only selects. */
    int holes = base ? coverage_audit(base, faults, n) : 0;
    wsc_run_free(base);
    if (base_bad != 0) {
        printf("baseline failed: the suite must pass against the fault-free server first\n");
        printf("faults detected: 0/%zu\n", n);
        printf("0 passed, %d failed\n", base_bad > 0 ? base_bad : 1);
        free_faults(faults, n);
        return 1;
    }

    wsc_cli c = scenario_cli(cli);
    size_t detected = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (wsc_interrupted) break;
        if (!fault_selected(cli, faults[i].name)) continue;
        if (fault_elsewhere(cli, faults[i].breaks)) {
            printf("n/a       %s  (breaks %s, which does not hold in this run's profile)\n", faults[i].name, faults[i].breaks);
            continue;
        }
        total++;
        wsc_runner_opts o = { .cli = &c, .fault = faults[i].name, .covering = faults[i].breaks, .quiet = 1 };
        wsc_run *run = NULL;
        if (wsc_runner_run(&o, &run, err, sizeof err) < 0) {
            printf("MISSED    %s  (cannot run: %s)\n", faults[i].name, err);
            continue;
        }
        if (run->n_scenarios == 0) {
            printf("MISSED    %s  (no scenario covers %s)\n", faults[i].name, faults[i].breaks);
            wsc_run_free(run);
            continue;
        }
        char by[1024] = "";
        for (size_t k = 0; k < run->n_scenarios; k++) {
            if (!detected_by(&run->scenarios[k], faults[i].breaks)) continue;
            size_t used = strlen(by);
            snprintf(by + used, sizeof by - used, "%s%s", used ? ", " : "", run->scenarios[k].id);
        }
        if (by[0]) {
            detected++;
            printf("detected  %s  by %s\n", faults[i].name, by);
        } else {
            printf("MISSED    %s  (breaks %s; ran", faults[i].name, faults[i].breaks);
            for (size_t k = 0; k < run->n_scenarios; k++)
                printf(" %s=%s", run->scenarios[k].id, wsc_verdict_name(run->scenarios[k].verdict));
            printf(")\n");
        }
        fflush(stdout);
        wsc_run_free(run);
    }
    printf("faults detected: %zu/%zu\n", detected, total);
    if (holes) printf("coverage holes: %d (listed above)\n", holes);
    printf("%zu passed, %zu failed\n", detected, total - detected + (size_t)holes);
    free_faults(faults, n);
    return detected == total && holes == 0 ? 0 : 1;
}

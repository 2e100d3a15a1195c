/* `wsconf report` and `wsconf merge` (see report_cmd.h). */
#include "report_cmd.h"
#include "junit.h"
#include "report.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Writes every output of run into dir (JUnit to junit or dir/junit.xml). 0, or 3. */
static int write_all(const wsc_run *run, const wsc_catalogue *cat, const char *dir, const char *junit)
{
    char err[1024] = "", path[4200];
    cJSON *doc = wsc_report_build(run, cat);
    if (!doc) {
        fprintf(stderr, "wsconf: cannot build the report: out of memory\n");
        return 3;
    }
    int rc = wsc_report_write_dir(doc, dir, err, sizeof err);
    cJSON_Delete(doc);
    if (rc) {
        fprintf(stderr, "wsconf: cannot write the report: %s\n", err);
        return 3;
    }
    if (junit) snprintf(path, sizeof path, "%s", junit);
    else snprintf(path, sizeof path, "%s/junit.xml", dir);
    if (wsc_junit_write_file(run, path, err, sizeof err)) {
        fprintf(stderr, "wsconf: cannot write JUnit XML to %s: %s\n", path, err);
        return 3;
    }
    return 0;
}

/* Reads a report.json (a folder means its report.json). 0, or 3 with a message. */
static int read_report(const char *arg, wsc_run **run, wsc_catalogue *cat)
{
    char path[4200], err[1024] = "";
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) snprintf(path, sizeof path, "%s/report.json", arg);
    else snprintf(path, sizeof path, "%s", arg);
    memset(cat, 0, sizeof *cat);
    cJSON *doc = wsc_report_load(path, err, sizeof err);
    int rc = doc ? wsc_report_parse(doc, run, cat, err, sizeof err) : -1;
    cJSON_Delete(doc);
    if (rc) {
        fprintf(stderr, "wsconf: cannot read %s: %s\n", path, err);
        return 3;
    }
    return 0;
}

static int finish(wsc_run *run, wsc_catalogue *cat, const wsc_cli *cli, const char *dir)
{
    if (cli->fail_on_given) run->fail_on = (wsc_level)cli->fail_on;
    int rc = write_all(run, cat, dir, cli->junit);
    if (rc == 0) rc = wsc_runner_exit_status(run);
    if (rc != 3) printf("report: %zu scenarios, %s (fail on %s) -> %s\n", run->n_scenarios, rc ? "failed" : "passed",
                        wsc_level_name(run->fail_on), dir);
    return rc;
}

int wsc_report_command(const wsc_cli *cli)
{
    wsc_run *run = NULL;
    wsc_catalogue cat;
    if (read_report(cli->paths[0], &run, &cat)) return 3;
    int rc = finish(run, &cat, cli, cli->report);
    wsc_run_free(run);
    wsc_catalogue_free(&cat);
    return rc;
}

static int has_requirement(const wsc_catalogue *cat, const char *id)
{
    return wsc_catalogue_find(cat, id) != NULL;
}

static int in_list(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}

/* The shards must come from one suite: same seed and strictness, and when they name
 * their shard, every K of one N exactly once. 0, or 2 with a message. */
static int check_shards(wsc_run **runs, size_t n)
{
    unsigned count = runs[0]->shard_n;
    for (size_t i = 1; i < n; i++) {
        if (runs[i]->seed != runs[0]->seed || runs[i]->strict != runs[0]->strict) {
            fprintf(stderr, "wsconf: merge: input %zu was run with another seed or --strict than input 1\n", i + 1);
            return 2;
        }
        if (runs[i]->shard_n != count) {
            fprintf(stderr, "wsconf: merge: input %zu is shard %u/%u, input 1 is shard %u/%u\n", i + 1,
                    runs[i]->shard_k, runs[i]->shard_n, runs[0]->shard_k, count);
            return 2;
        }
    }
    if (count == 0) return 0;
    for (unsigned k = 1; k <= count; k++) {
        size_t seen = 0;
        for (size_t i = 0; i < n; i++) seen += runs[i]->shard_k == k;
        if (seen != 1) {
            fprintf(stderr, "wsconf: merge: shard %u/%u is %s\n", k, count, seen ? "given more than once" : "missing");
            return 2;
        }
    }
    return 0;
}

/* Moves everything of the shard runs into one run and one catalogue. */
static int combine(wsc_run **runs, wsc_catalogue *cats, size_t n, wsc_run *out, wsc_catalogue *cat)
{
    size_t scenarios = 0, targets = 0, reqs = 0;
    for (size_t i = 0; i < n; i++) {
        scenarios += runs[i]->n_scenarios;
        targets += runs[i]->n_targets;
        reqs += cats[i].n;
    }
    out->scenarios = calloc(scenarios + 1, sizeof *out->scenarios);
    out->targets = calloc(targets + 1, sizeof *out->targets);
    cat->items = calloc(reqs + 1, sizeof *cat->items);
    out->uncovered = calloc(runs[0]->n_uncovered + 1, sizeof *out->uncovered);
    if (!out->scenarios || !out->targets || !cat->items || !out->uncovered) return -1;
    out->tool_version = runs[0]->tool_version ? strdup(runs[0]->tool_version) : NULL;
    out->seed = runs[0]->seed;
    out->strict = runs[0]->strict;
    out->fail_on = runs[0]->fail_on;
    double start = 0, end = 0;
    for (size_t i = 0; i < n; i++) {
        wsc_run *r = runs[i];
        if (i == 0 || r->start_time < start) start = r->start_time;
        if (r->start_time + r->duration_s > end) end = r->start_time + r->duration_s;
        if (r->fail_on > out->fail_on) out->fail_on = r->fail_on;
        for (size_t k = 0; k < r->n_scenarios; k++) {
            out->scenarios[out->n_scenarios++] = r->scenarios[k];
            memset(&r->scenarios[k], 0, sizeof r->scenarios[k]);
        }
        for (size_t k = 0; k < r->n_targets; k++) {
            int known = 0;
            for (size_t t = 0; t < out->n_targets; t++) known |= strcmp(out->targets[t].api, r->targets[k].api) == 0;
            if (known) continue;
            out->targets[out->n_targets++] = r->targets[k];
            memset(&r->targets[k], 0, sizeof r->targets[k]);
        }
        for (size_t k = 0; k < cats[i].n; k++) {
            if (has_requirement(cat, cats[i].items[k].id)) continue;
            cat->items[cat->n++] = cats[i].items[k];
            memset(&cats[i].items[k], 0, sizeof cats[i].items[k]);
        }
    }
    out->start_time = start;
    out->duration_s = end - start;
    /* Every shard discovered the same definitions; a requirement is uncovered when no shard
     * saw a scenario covering it. */
    for (size_t k = 0; k < runs[0]->n_uncovered; k++) {
        int everywhere = 1;
        for (size_t i = 1; i < n; i++) everywhere &= in_list(runs[i]->uncovered, runs[i]->n_uncovered, runs[0]->uncovered[k]);
        if (everywhere && !(out->uncovered[out->n_uncovered++] = strdup(runs[0]->uncovered[k]))) return -1;
    }
    return 0;
}

int wsc_merge_command(const wsc_cli *cli)
{
    size_t n = cli->n_paths - 1;
    wsc_run **runs = calloc(n, sizeof *runs);
    wsc_catalogue *cats = calloc(n, sizeof *cats);
    wsc_run *merged = calloc(1, sizeof *merged);
    wsc_catalogue cat;
    memset(&cat, 0, sizeof cat);
    int rc = runs && cats && merged ? 0 : 3;
    for (size_t i = 0; rc == 0 && i < n; i++) rc = read_report(cli->paths[i + 1], &runs[i], &cats[i]);
    if (rc == 0) rc = check_shards(runs, n);
    if (rc == 0 && combine(runs, cats, n, merged, &cat)) {
        fprintf(stderr, "wsconf: merge: out of memory\n");
        rc = 3;
    }
    if (rc == 0) rc = finish(merged, &cat, cli, cli->paths[0]);
    for (size_t i = 0; runs && i < n; i++) wsc_run_free(runs[i]);
    for (size_t i = 0; cats && i < n; i++) wsc_catalogue_free(&cats[i]);
    free(runs);
    free(cats);
    wsc_run_free(merged);
    wsc_catalogue_free(&cat);
    return rc;
}

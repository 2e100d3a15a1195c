/* Command-line parsing for `wsconf` (see cli.h and README.md "Command line"). */
#include "cli.h"
#include "wsc_result.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *wsc_cli_usage(void)
{
    return
        "usage: wsconf run [PATHS...] [--target API=URL]... [--junit FILE] [--out DIR] [--report DIR]\n"
        "                  [-j N] [--timeout S] [--only PATTERN] [--exclude PATTERN] [--list] [--dry-run]\n"
        "                  [--strict] [--fail-on LEVEL] [--shard K/N] [--seed N] [--ca FILE] [--insecure]\n"
        "                  [--server PATH] [--fault NAME] [--profile API=NAME]... [-v]\n"
        "       wsconf report RESULT.json --report DIR [--junit FILE] [--fail-on LEVEL]\n"
        "       wsconf merge OUT_DIR SHARD_DIR... [--junit FILE] [--fail-on LEVEL]\n"
        "       wsconf selftest [PATHS...] [--only PATTERN] [--exclude PATTERN] [-j N] [--timeout S]\n"
        "                       [--server PATH] [--out DIR] [-v]\n"
        "       wsconf --help | --version\n"
        "\n"
        "Replays Lua scenario scripts against WebSocket API targets and writes JUnit XML and a\n"
        "compliance report.\n"
        "\n"
        "run:\n"
        "  PATHS               scenario files or folders (recursive *.lua, lib/ skipped);\n"
        "                      default: the bundled scenarios/ folder ($WSCONF_HOME/scenarios)\n"
        "  --target API=URL    run API's scenarios against URL (repeatable); without any,\n"
        "                      the bundled wsconf-server is started on ephemeral ports\n"
        "  --junit FILE        JUnit XML path (default DIR/junit.xml)\n"
        "  --out DIR           output folder (default wsconf-out)\n"
        "  --report DIR        write report.json, report.md and report.html into DIR\n"
        "  -j N                scenarios run at once (default 8)\n"
        "  --timeout S         limit for one whole scenario in seconds (default 10)\n"
        "  --only PATTERN      select scenarios whose id, API or covered requirement id\n"
        "                      matches PATTERN (prefix or shell glob; repeatable)\n"
        "  --exclude PATTERN   drop scenarios the same way (repeatable)\n"
        "  --list              print the selected scenarios and their requirements; run nothing\n"
        "  --dry-run           print what would run, against which target; run nothing\n"
        "  --strict            a broken SHOULD fails instead of being reported non-strict\n"
        "  --fail-on LEVEL     must (default), should or info: the lowest level whose broken\n"
        "                      checks make the run fail (exit 1)\n"
        "  --shard K/N         run only the K-th of N parts of the selected scenarios\n"
        "  --seed N            seed passed to the bundled server; scripts see t.seed (default 1)\n"
        "  --ca FILE           CA certificates for wss:// targets\n"
        "  --insecure          accept any certificate for wss:// targets\n"
        "  --server PATH       the wsconf-server binary to start (default: beside wsconf)\n"
        "  --fault NAME        passed to the bundled server: break one behaviour on purpose\n"
        "  --profile API=NAME  expect API's profile NAME (repeatable; default: the catalogue's\n"
        "                      first profile of the API); passed on to the bundled server\n"
        "  -v                  verbose: library notices and the server's stderr on failure\n"
        "\n"
        "report: renders a saved report.json again (report.*, and junit.xml in DIR or --junit).\n"
        "merge: combines the report.json of shard runs (SHARD_DIR/report.json or a .json file)\n"
        "into one report and JUnit file in OUT_DIR.\n"
        "\n"
        "selftest: runs every scenario against the bundled server (all must pass), then for\n"
        "each fault of `wsconf-server --list-faults` the scenarios covering the requirement it\n"
        "breaks; a fault no scenario notices is reported MISSED. Here --only/--exclude\n"
        "select faults by name.\n"
        "\n"
        "Exit status: 0 the run passed; 1 a scenario failed or errored (or broke a level\n"
        "--fail-on names); 2 usage error; 3 the run could not be carried out (catalogue,\n"
        "server, unreadable report) or a report file could not be written.\n";
}

static int fail(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    snprintf(err, errlen, fmt, a, b ? b : "");
    return 2;
}

static int push_str(const char ***arr, size_t *n, const char *s)
{
    const char **p = realloc(*arr, (*n + 1) * sizeof *p);
    if (!p) return -1;
    p[(*n)++] = s;
    *arr = p;
    return 0;
}

static int parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) return -1;
    *out = v;
    return 0;
}

static int add_profile(wsc_cli *o, const char *arg, char *err, size_t errlen)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return fail(err, errlen, "--profile expects API=NAME, got '%s'%s", arg, NULL);
    for (size_t i = 0; i < o->n_profiles; i++)
        if (strncmp(o->profiles[i].api, arg, (size_t)(eq - arg)) == 0 && o->profiles[i].api[eq - arg] == '\0')
            return fail(err, errlen, "--profile given twice for API '%s'%s", o->profiles[i].api, NULL);
    char *copy = strdup(arg);
    wsc_cli_profile *p = copy ? realloc(o->profiles, (o->n_profiles + 1) * sizeof *p) : NULL;
    if (!p) {
        free(copy);
        return fail(err, errlen, "out of memory%s%s", "", NULL);
    }
    o->profiles = p;
    copy[eq - arg] = '\0';
    p[o->n_profiles].api = copy;
    p[o->n_profiles].name = copy + (eq - arg) + 1;
    o->n_profiles++;
    return 0;
}

const char *wsc_cli_profile_of(const wsc_cli *o, const char *api)
{
    for (size_t i = 0; i < o->n_profiles; i++)
        if (strcmp(o->profiles[i].api, api) == 0) return o->profiles[i].name;
    return NULL;
}

static int add_target(wsc_cli *o, const char *arg, char *err, size_t errlen)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return fail(err, errlen, "--target expects API=URL, got '%s'%s", arg, NULL);
    const char *url = eq + 1;
    if (strncmp(url, "ws://", 5) != 0 && strncmp(url, "wss://", 6) != 0)
        return fail(err, errlen, "--target URL must start with ws:// or wss://, got '%s'%s", url, NULL);
    for (size_t i = 0; i < o->n_targets; i++)
        if (strncmp(o->targets[i].api, arg, (size_t)(eq - arg)) == 0 &&
            o->targets[i].api[eq - arg] == '\0')
            return fail(err, errlen, "--target given twice for API '%s'%s", o->targets[i].api, NULL);
    char *copy = strdup(arg);
    wsc_cli_target *t = realloc(o->targets, (o->n_targets + 1) * sizeof *t);
    char **b = t ? realloc(o->target_buf, (o->n_targets + 1) * sizeof *b) : NULL;
    if (t) o->targets = t;
    if (b) o->target_buf = b;
    if (!copy || !t || !b) {
        free(copy);
        return fail(err, errlen, "out of memory%s%s", "", NULL);
    }
    copy[eq - arg] = '\0';
    o->target_buf[o->n_targets] = copy;
    o->targets[o->n_targets].api = copy;
    o->targets[o->n_targets].url = copy + (eq - arg) + 1;
    o->n_targets++;
    return 0;
}

/* Splits "--name=value" forms: returns the inline value or NULL. */
static const char *inline_value(const char *arg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) == 0 && arg[n] == '=') return arg + n + 1;
    return NULL;
}

static int is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int wsc_cli_parse(int argc, char **argv, wsc_cli *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->out = "wsconf-out";
    o->jobs = 8;
    o->timeout_s = 10;
    o->seed = 1;
    if (errlen) err[0] = '\0';
    o->fail_on = WSC_LEVEL_MUST;
    if (argc < 2) return fail(err, errlen, "missing command (run, report, merge, selftest, --help, --version)%s%s", "", NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        o->cmd = WSC_CMD_HELP;
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        o->cmd = WSC_CMD_VERSION;
        return 0;
    }
    if (strcmp(cmd, "run") == 0) o->cmd = WSC_CMD_RUN;
    else if (strcmp(cmd, "selftest") == 0) o->cmd = WSC_CMD_SELFTEST;
    else if (strcmp(cmd, "report") == 0) o->cmd = WSC_CMD_REPORT;
    else if (strcmp(cmd, "merge") == 0) o->cmd = WSC_CMD_MERGE;
    else return fail(err, errlen, "unknown command '%s' (expected run, report, merge or selftest)%s", cmd, NULL);

    int only_paths = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            if (push_str(&o->paths, &o->n_paths, a)) return fail(err, errlen, "out of memory%s%s", "", NULL);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->cmd = WSC_CMD_HELP;
            return 0;
        }
        /* Flags without a value. */
        if (strcmp(a, "--list") == 0) { o->list = 1; continue; }
        if (strcmp(a, "--strict") == 0) { o->strict = 1; continue; }
        if (strcmp(a, "--dry-run") == 0) { o->dry_run = 1; continue; }
        if (strcmp(a, "--insecure") == 0) { o->insecure = 1; continue; }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) { o->verbose = 1; continue; }

        /* Options with a value: "--opt V", "--opt=V", and "-jN". */
        static const char *const with_value[] = {
            "--target", "--junit", "--out", "--timeout", "--only", "--exclude", "--seed",
            "--ca", "--server", "--fault", "-j", "--jobs", "--profile", "--report", "--fail-on", "--shard", NULL
        };
        const char *name = NULL, *val = NULL;
        for (int k = 0; with_value[k]; k++) {
            if (is_opt(a, with_value[k])) {
                name = with_value[k];
                val = inline_value(a, name);
                break;
            }
        }
        if (!name && strncmp(a, "-j", 2) == 0 && a[2]) {
            name = "-j";
            val = a + 2;
        }
        if (!name) return fail(err, errlen, "unknown option '%s' (see wsconf --help)%s", a, NULL);
        if (!val) {
            if (i + 1 >= argc) return fail(err, errlen, "option %s needs a value%s", name, NULL);
            val = argv[++i];
        }
        long n;
        if (strcmp(name, "--target") == 0) {
            int rc = add_target(o, val, err, errlen);
            if (rc) return rc;
        } else if (strcmp(name, "--junit") == 0) {
            if (!*val) return fail(err, errlen, "--junit needs a file name%s%s", "", NULL);
            o->junit = val;
        } else if (strcmp(name, "--out") == 0) {
            if (!*val) return fail(err, errlen, "--out needs a folder name%s%s", "", NULL);
            o->out = val;
        } else if (strcmp(name, "-j") == 0 || strcmp(name, "--jobs") == 0) {
            if (parse_int(val, 1, 1024, &n)) return fail(err, errlen, "-j expects a number from 1 to 1024, got '%s'%s", val, NULL);
            o->jobs = (int)n;
        } else if (strcmp(name, "--timeout") == 0) {
            char *end;
            errno = 0;
            double d = strtod(val, &end);
            if (errno || end == val || *end || !(d > 0) || d > 86400)
                return fail(err, errlen, "--timeout expects seconds (> 0), got '%s'%s", val, NULL);
            o->timeout_s = d;
        } else if (strcmp(name, "--only") == 0 || strcmp(name, "--exclude") == 0) {
            if (!*val) return fail(err, errlen, "%s needs a pattern%s", name, NULL);
            int rc = strcmp(name, "--only") == 0 ? push_str(&o->only, &o->n_only, val)
                                                 : push_str(&o->exclude, &o->n_exclude, val);
            if (rc) return fail(err, errlen, "out of memory%s%s", "", NULL);
        } else if (strcmp(name, "--seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(val, &end, 10);
            if (errno || end == val || *end || val[0] == '-')
                return fail(err, errlen, "--seed expects an unsigned integer, got '%s'%s", val, NULL);
            o->seed = s;
        } else if (strcmp(name, "--profile") == 0) {
            int rc = add_profile(o, val, err, errlen);
            if (rc) return rc;
        } else if (strcmp(name, "--report") == 0) {
            if (!*val) return fail(err, errlen, "--report needs a folder name%s%s", "", NULL);
            o->report = val;
        } else if (strcmp(name, "--fail-on") == 0) {
            static const struct { const char *name; wsc_level level; } levels[] = {
                { "must", WSC_LEVEL_MUST }, { "should", WSC_LEVEL_SHOULD }, { "info", WSC_LEVEL_INFO } };
            int found = 0;
            for (size_t k = 0; k < 3; k++)
                if (strcmp(val, levels[k].name) == 0) o->fail_on = (int)levels[k].level, found = 1;
            if (!found) return fail(err, errlen, "--fail-on expects must, should or info, got '%s'%s", val, NULL);
            o->fail_on_given = 1;
        } else if (strcmp(name, "--shard") == 0) {
            unsigned k = 0, n = 0;
            char extra;
            if (sscanf(val, "%u/%u%c", &k, &n, &extra) != 2 || val[0] == '-' || n < 1 || n > 10000 || k < 1 || k > n)
                return fail(err, errlen, "--shard expects K/N with 1 <= K <= N <= 10000, got '%s'%s", val, NULL);
            o->shard_k = k;
            o->shard_n = n;
        } else if (strcmp(name, "--ca") == 0) {
            o->ca = val;
        } else if (strcmp(name, "--server") == 0) {
            o->server = val;
        } else if (strcmp(name, "--fault") == 0) {
            if (o->fault) return fail(err, errlen, "--fault given twice ('%s')%s", val, NULL);
            o->fault = val;
        }
    }
    if (o->cmd == WSC_CMD_SELFTEST) {
        if (o->n_targets) return fail(err, errlen, "selftest runs the bundled server: --target is not allowed%s%s", "", NULL);
        if (o->fault) return fail(err, errlen, "selftest runs every fault itself: --fault is not allowed%s%s", "", NULL);
        if (o->list) return fail(err, errlen, "selftest does not take --list%s%s", "", NULL);
    }
    if (o->cmd == WSC_CMD_SELFTEST && (o->report || o->fail_on_given || o->shard_n || o->dry_run))
        return fail(err, errlen, "selftest does not take --report, --fail-on, --shard or --dry-run%s%s", "", NULL);
    if (o->cmd == WSC_CMD_REPORT || o->cmd == WSC_CMD_MERGE) {
        const char *what = o->cmd == WSC_CMD_REPORT ? "report" : "merge";
        if (o->n_targets || o->n_only || o->n_exclude || o->list || o->dry_run || o->shard_n || o->fault ||
            o->server || o->n_profiles || o->ca || o->insecure || o->strict)
            return fail(err, errlen, "%s takes only %s--junit and --fail-on", what,
                        o->cmd == WSC_CMD_REPORT ? "--report, " : "");
        if (o->cmd == WSC_CMD_REPORT && (o->n_paths != 1 || !o->report))
            return fail(err, errlen, "report expects one RESULT.json and --report DIR%s%s", "", NULL);
        if (o->cmd == WSC_CMD_MERGE && (o->n_paths < 2 || o->report))
            return fail(err, errlen, "merge expects OUT_DIR and at least one SHARD_DIR (no --report)%s%s", "", NULL);
    }
    if (o->list && o->dry_run) return fail(err, errlen, "--list and --dry-run cannot be combined%s%s", "", NULL);
    if (o->n_targets && o->fault)
        return fail(err, errlen, "--fault applies to the bundled server and cannot be combined with --target%s%s", "", NULL);
    if (o->n_targets && o->server)
        return fail(err, errlen, "--server cannot be combined with --target%s%s", "", NULL);
    return 0;
}

void wsc_cli_free(wsc_cli *o)
{
    free(o->paths);
    free(o->only);
    free(o->exclude);
    for (size_t i = 0; i < o->n_targets; i++) free(o->target_buf[i]);
    free(o->target_buf);
    free(o->targets);
    for (size_t i = 0; i < o->n_profiles; i++) free(o->profiles[i].api);
    free(o->profiles);
    memset(o, 0, sizeof *o);
}

int wsc_cli_pattern_match(const char *pattern, const char *id)
{
    size_t n = strlen(pattern);
    if (strncmp(id, pattern, n) == 0) return 1;
    return fnmatch(pattern, id, 0) == 0;
}

int wsc_cli_selected(const wsc_cli *o, const char *id)
{
    int keep = o->n_only == 0;
    for (size_t i = 0; i < o->n_only && !keep; i++) keep = wsc_cli_pattern_match(o->only[i], id);
    for (size_t i = 0; i < o->n_exclude && keep; i++) keep = !wsc_cli_pattern_match(o->exclude[i], id);
    return keep;
}

static int matches_scenario(const char *pattern, const char *id, char *const *covers, size_t n_covers)
{
    if (wsc_cli_pattern_match(pattern, id)) return 1;
    for (size_t i = 0; i < n_covers; i++)
        if (wsc_cli_pattern_match(pattern, covers[i])) return 1;
    return 0;
}

int wsc_cli_selected_scenario(const wsc_cli *o, const char *id, char *const *covers, size_t n_covers)
{
    int keep = o->n_only == 0;
    for (size_t i = 0; i < o->n_only && !keep; i++) keep = matches_scenario(o->only[i], id, covers, n_covers);
    for (size_t i = 0; i < o->n_exclude && keep; i++) keep = !matches_scenario(o->exclude[i], id, covers, n_covers);
    return keep;
}

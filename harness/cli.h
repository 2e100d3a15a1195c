/* Command-line parsing for `wsconf`. Pure: no I/O, so it is unit-tested. */
#ifndef WSC_CLI_H
#define WSC_CLI_H

#include <stddef.h>

typedef enum { WSC_CMD_RUN, WSC_CMD_SELFTEST, WSC_CMD_REPORT, WSC_CMD_MERGE, WSC_CMD_HELP, WSC_CMD_VERSION } wsc_command;

typedef struct {
    const char *api;     /* borrowed from argv (points into the API=URL argument copy) */
    const char *url;
} wsc_cli_target;

typedef struct {
    char *api;           /* owned copy of "API=NAME", split at '=' */
    const char *name;    /* points into the same copy */
} wsc_cli_profile;

typedef struct {
    wsc_command cmd;
    const char **paths;          /* borrowed strings; array owned */
    size_t n_paths;
    wsc_cli_target *targets;     /* owned array; strings owned via target_buf */
    char **target_buf;           /* owned copies of API=URL split at '=' */
    size_t n_targets;
    wsc_cli_profile *profiles;   /* owned array: --profile API=NAME */
    size_t n_profiles;
    const char **only, **exclude;/* borrowed strings; arrays owned */
    size_t n_only, n_exclude;
    const char *junit;           /* NULL: <out>/junit.xml */
    const char *out;             /* default "wsconf-out" */
    int jobs;                    /* default 8 */
    double timeout_s;            /* default 10 */
    int list, strict, insecure, verbose;
    int dry_run;                 /* --dry-run: print what would run (with targets); run nothing */
    const char *report;          /* --report DIR: report.json, report.md, report.html; NULL: none */
    int fail_on;                 /* --fail-on: a wsc_level (MUST, SHOULD, INFO); default MUST */
    int fail_on_given;
    unsigned shard_k, shard_n;   /* --shard K/N (1 <= K <= N); 0/0 without */
    unsigned long long seed;     /* default 1 */
    const char *ca, *server, *fault;
} wsc_cli;

/* Parses argv (argv[0] is the program). Returns 0, or 2 with a message in err on a
 * usage error. opts must be released with wsc_cli_free() either way. */
int wsc_cli_parse(int argc, char **argv, wsc_cli *opts, char *err, size_t errlen);
void wsc_cli_free(wsc_cli *opts);
/* 1 when scenario id is selected: matches some --only pattern (when any) and no
 * --exclude pattern. A pattern matches by prefix or as a shell glob. */
int wsc_cli_selected(const wsc_cli *opts, const char *id);
/* The same for a scenario: a pattern matches it when it matches the id (so also the API,
 * the id's first segment) or one of the requirement ids it covers. */
int wsc_cli_selected_scenario(const wsc_cli *opts, const char *id, char *const *covers, size_t n_covers);
int wsc_cli_pattern_match(const char *pattern, const char *id);
/* The profile the command line chose for api, or NULL. */
const char *wsc_cli_profile_of(const wsc_cli *opts, const char *api);
/* The --help text. */
const char *wsc_cli_usage(void);

#endif

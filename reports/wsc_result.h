/* The result of a run: what the harness records and every report writer reads.
 * Ownership: a wsc_run owns everything reachable from it; free it with
 * wsc_run_free(). All strings are heap copies (UTF-8, possibly containing any
 * byte the target sent: writers must sanitise). */
#ifndef WSC_RESULT_H
#define WSC_RESULT_H

#include <stddef.h>

typedef enum { WSC_LEVEL_MUST, WSC_LEVEL_SHOULD, WSC_LEVEL_INFO } wsc_level;

/* Order matters: a "worse" verdict has a higher value among the first five
 * (pass < info < non-strict < fail < error). */
typedef enum {
    WSC_VERDICT_PASS,
    WSC_VERDICT_INFO,
    WSC_VERDICT_NONSTRICT,
    WSC_VERDICT_FAIL,
    WSC_VERDICT_ERROR,
    WSC_VERDICT_SKIPPED
} wsc_verdict;

typedef struct {
    char *requirement;  /* catalogue id, e.g. "labgraph.start.event" */
    wsc_level level;    /* copied from the catalogue */
    int passed;
    char *message;      /* the claim checked, e.g. "event echoes stream_id" */
    char *where;        /* "scenarios/labgraph/start.lua:12" */
    char *expected;     /* may be NULL */
    char *received;     /* may be NULL */
} wsc_check;

typedef struct {
    char *id;           /* unique scenario id, e.g. "labgraph.start.echo" */
    char *api;          /* first segment of id: JUnit classname */
    char *title;        /* a claim a reader can check against the document */
    char *file;         /* script path as given to the runner */
    int line;           /* line of the scenario{} definition */
    char **covers;      /* requirement ids */
    size_t n_covers;
    wsc_check *checks;
    size_t n_checks;
    wsc_verdict verdict;
    char *reason;       /* error cause or skip reason (with file:line when known); may be NULL */
    double start_time;  /* Unix seconds */
    double duration_s;
    char *transcript;   /* transcript tail, plain text; may be NULL */
} wsc_scenario;

typedef struct {
    char *api;          /* "labgraph" */
    char *target;       /* URL the API was reached at */
    char *profile;      /* profile name or NULL for the document's profile */
} wsc_target;

typedef struct {
    char *tool_version;
    unsigned long long seed;
    int strict;
    double start_time;  /* Unix seconds */
    double duration_s;
    wsc_target *targets;
    size_t n_targets;
    wsc_scenario *scenarios;
    size_t n_scenarios;
} wsc_run;

/* Verdict of a finished scenario from its checks, without error/skip:
 * any failed MUST -> FAIL; else any failed SHOULD -> NONSTRICT (FAIL when
 * strict); else any failed INFO -> INFO; else PASS. */
wsc_verdict wsc_verdict_from_checks(const wsc_check *checks, size_t n, int strict);

const char *wsc_verdict_name(wsc_verdict v);   /* "pass", "fail", "non-strict", ... */
const char *wsc_level_name(wsc_level l);       /* "MUST", "SHOULD", "INFO" */
int wsc_level_parse(const char *s, wsc_level *out); /* 0 on success */

void wsc_scenario_clear(wsc_scenario *s);      /* frees members, not s */
void wsc_run_free(wsc_run *r);                 /* frees members and r */

#endif

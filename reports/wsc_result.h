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

/* One transcript entry, as kept for reports (payloads already shortened: text with
 * control bytes escaped, binary as hex of its first 4096 bytes). */
typedef enum { WSC_DIR_IN, WSC_DIR_OUT, WSC_DIR_EVENT } wsc_frame_dir;
typedef enum {
    WSC_FRAME_TEXT, WSC_FRAME_BINARY, WSC_FRAME_CLOSE, WSC_FRAME_NOTE,
    WSC_FRAME_PING, WSC_FRAME_PONG, WSC_FRAME_CONT   /* control and continuation frames */
} wsc_frame_op;

typedef struct {
    int conn;           /* connection number in the scenario (1-based); 0 = the scenario itself */
    wsc_frame_dir dir;
    double at;          /* seconds since that connection (or the scenario) started */
    wsc_frame_op op;
    size_t len;         /* full payload length in bytes */
    char *data;         /* shown payload */
    char *proto_type;   /* protobuf message type the scenario read a binary message as; may be NULL */
    char *decoded;      /* that message as compact text (harness/proto_text.h); NULL with proto_type */
} wsc_frame_rec;

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
    wsc_frame_rec *frames; /* the transcript's last entries, structured (every scenario that ran) */
    size_t n_frames;
    size_t frames_earlier; /* entries recorded before those (not kept) */
} wsc_scenario;

typedef struct {
    char *api;          /* "labgraph" */
    char *target;       /* URL the API was reached at */
    char *profile;      /* profile name or NULL for the document's profile */
    char *document;     /* the API document (catalogue "document"); may be NULL */
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
    wsc_level fail_on;  /* lowest level whose broken checks fail the run (default MUST) */
    unsigned shard_k, shard_n; /* --shard K/N; 0/0 = the whole suite */
    char **uncovered;   /* requirement ids no scenario in the given paths covers */
    size_t n_uncovered;
} wsc_run;

/* Verdict of a finished scenario from its checks, without error/skip:
 * any failed MUST -> FAIL; else any failed SHOULD -> NONSTRICT (FAIL when
 * strict); else any failed INFO -> INFO; else PASS. */
wsc_verdict wsc_verdict_from_checks(const wsc_check *checks, size_t n, int strict);

const char *wsc_verdict_name(wsc_verdict v);   /* "pass", "fail", "non-strict", ... */
const char *wsc_level_name(wsc_level l);       /* "MUST", "SHOULD", "INFO" */
int wsc_verdict_parse(const char *s, wsc_verdict *out); /* 0 on success */
const char *wsc_frame_dir_name(wsc_frame_dir d);  /* "in", "out", "event" */
/* "text", "binary", "close", "note", "ping", "pong", "continuation" */
const char *wsc_frame_op_name(wsc_frame_op o);
int wsc_frame_dir_parse(const char *s, wsc_frame_dir *out);
int wsc_frame_op_parse(const char *s, wsc_frame_op *out);
/* 1 when the verdict breaks a run that fails on fail_on: fail and error always; non-strict
 * when fail_on is SHOULD or INFO; info when fail_on is INFO. */
int wsc_verdict_fails_run(wsc_verdict v, wsc_level fail_on);
int wsc_level_parse(const char *s, wsc_level *out); /* 0 on success */

void wsc_frame_rec_clear(wsc_frame_rec *f);    /* frees members, not f */
void wsc_scenario_clear(wsc_scenario *s);      /* frees members, not s */
void wsc_run_free(wsc_run *r);                 /* frees members and r */

#endif

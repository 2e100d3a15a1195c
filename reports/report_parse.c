/* Reading report.json back into a run and its requirements (see report.h), so that
 * `wsconf report` and `wsconf merge` render and gate exactly as a run does. */
#include "report.h"
#include "report_json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* A copy of a string member, NULL when absent or null. */
static char *dup_member(const cJSON *o, const char *key)
{
    const cJSON *v = wsc_json_member(o, key);
    return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

/* A count or index: numbers outside [0, limit] (negative, huge, NaN) become 0, so a
 * hand-edited report cannot make a conversion overflow. */
static double count_member(const cJSON *o, const char *key, double limit)
{
    double v = wsc_json_number(o, key);
    return v >= 0 && v <= limit ? v : 0;
}

static char **dup_list(const cJSON *arr, size_t *n)
{
    *n = 0;
    int count = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    char **out = calloc((size_t)count + 1, sizeof *out);
    const cJSON *v;
    if (out && count) {
        cJSON_ArrayForEach(v, arr) {
            if (cJSON_IsString(v)) out[(*n)++] = strdup(v->valuestring);
        }
    }
    return out;
}

static int parse_check(const cJSON *o, wsc_check *c)
{
    c->requirement = dup_member(o, "requirement");
    if (wsc_level_parse(wsc_json_string(o, "level"), &c->level)) return -1;
    c->passed = cJSON_IsTrue(wsc_json_member(o, "passed"));
    c->message = dup_member(o, "message");
    c->where = dup_member(o, "where");
    c->expected = dup_member(o, "expected");
    c->received = dup_member(o, "received");
    return 0;
}

static int parse_frame(const cJSON *o, wsc_frame_rec *f)
{
    f->conn = (int)count_member(o, "conn", 1e9);
    f->at = wsc_json_number(o, "at");
    f->len = (size_t)count_member(o, "len", 1e15);
    f->data = dup_member(o, "data");
    /* Absent in reports written before protobuf decoding was recorded: NULL, as "no tag". */
    f->proto_type = dup_member(o, "type");
    f->decoded = f->proto_type ? dup_member(o, "decoded") : NULL;
    if (wsc_frame_dir_parse(wsc_json_string(o, "dir"), &f->dir) || wsc_frame_op_parse(wsc_json_string(o, "op"), &f->op))
        return -1;
    return 0;
}

static int parse_scenario(const cJSON *o, wsc_scenario *s, char *err, size_t errlen, size_t index)
{
    s->id = dup_member(o, "id");
    s->api = dup_member(o, "api");
    s->title = dup_member(o, "title");
    s->file = dup_member(o, "file");
    s->line = (int)count_member(o, "line", 1e9);
    s->reason = dup_member(o, "reason");
    s->start_time = wsc_json_number(o, "start_unix");
    s->duration_s = wsc_json_number(o, "duration_s");
    s->transcript = dup_member(o, "transcript_text");
    s->covers = dup_list(wsc_json_member(o, "covers"), &s->n_covers);
    if (!s->id || !s->api || wsc_verdict_parse(wsc_json_string(o, "verdict"), &s->verdict))
        return fail(err, errlen, "scenarios[%zu]: needs \"id\", \"api\" and a known \"verdict\"", index);
    const cJSON *checks = wsc_json_member(o, "checks");
    int n = cJSON_IsArray(checks) ? cJSON_GetArraySize(checks) : 0;
    s->checks = calloc((size_t)n + 1, sizeof *s->checks);
    if (!s->checks) return fail(err, errlen, "out of memory");
    const cJSON *v;
    cJSON_ArrayForEach(v, checks) {
        if (parse_check(v, &s->checks[s->n_checks++]))
            return fail(err, errlen, "scenario %s: a check has no known \"level\"", s->id);
    }
    const cJSON *tr = wsc_json_member(o, "transcript");
    const cJSON *frames = wsc_json_member(tr, "frames");
    s->frames_earlier = (size_t)count_member(tr, "earlier", 1e15);
    n = cJSON_IsArray(frames) ? cJSON_GetArraySize(frames) : 0;
    if (n) {
        s->frames = calloc((size_t)n, sizeof *s->frames);
        if (!s->frames) return fail(err, errlen, "out of memory");
        cJSON_ArrayForEach(v, frames) {
            if (parse_frame(v, &s->frames[s->n_frames++]))
                return fail(err, errlen, "scenario %s: a transcript frame has no known \"dir\" or \"op\"", s->id);
        }
    }
    return 0;
}

static int parse_requirements(const cJSON *doc, const wsc_run *run, wsc_catalogue *cat, char *err, size_t errlen)
{
    const cJSON *reqs = wsc_json_member(doc, "requirements");
    if (!cJSON_IsArray(reqs)) return fail(err, errlen, "no \"requirements\" array");
    cat->items = calloc((size_t)cJSON_GetArraySize(reqs) + 1, sizeof *cat->items);
    if (!cat->items) return fail(err, errlen, "out of memory");
    const cJSON *v;
    cJSON_ArrayForEach(v, reqs) {
        wsc_requirement *r = &cat->items[cat->n];
        r->id = dup_member(v, "id");
        r->api = dup_member(v, "api");
        r->title = dup_member(v, "title");
        r->source = dup_member(v, "source");
        r->profiles = dup_list(wsc_json_member(v, "profiles"), &r->n_profiles);
        cat->n++;
        if (!r->id || !r->api || !r->title || !r->source || wsc_level_parse(wsc_json_string(v, "level"), &r->level))
            return fail(err, errlen, "requirements[%zu]: needs \"id\", \"api\", \"level\", \"title\", \"source\"",
                        cat->n - 1);
        for (size_t i = 0; i < run->n_targets; i++)
            if (!r->document && run->targets[i].document && strcmp(run->targets[i].api, r->api) == 0)
                r->document = strdup(run->targets[i].document);
    }
    /* An API without a target still names its document in the summary. */
    const cJSON *apis = wsc_json_member(wsc_json_member(doc, "summary"), "apis");
    cJSON_ArrayForEach(v, apis) {
        const char *api = wsc_json_string(v, "api"), *document = wsc_json_string(v, "document");
        for (size_t i = 0; api && document && i < cat->n; i++)
            if (!cat->items[i].document && strcmp(cat->items[i].api, api) == 0) cat->items[i].document = strdup(document);
    }
    return 0;
}

int wsc_report_parse(const cJSON *doc, wsc_run **out, wsc_catalogue *cat, char *err, size_t errlen)
{
    *out = NULL;
    const char *schema = wsc_json_string(doc, "schema");
    if (!schema || strcmp(schema, WSC_REPORT_SCHEMA) != 0)
        return fail(err, errlen, "not a wsconf report (\"schema\" is not \"%s\")", WSC_REPORT_SCHEMA);
    wsc_run *run = calloc(1, sizeof *run);
    if (!run) return fail(err, errlen, "out of memory");
    const cJSON *r = wsc_json_member(doc, "run");
    run->tool_version = dup_member(r, "tool_version");
    run->start_time = wsc_json_number(r, "start_unix");
    run->duration_s = wsc_json_number(r, "duration_s");
    const char *seed = wsc_json_string(r, "seed");
    run->seed = seed ? strtoull(seed, NULL, 10) : 0;
    run->strict = cJSON_IsTrue(wsc_json_member(r, "strict"));
    if (wsc_level_parse(wsc_json_string(r, "fail_on"), &run->fail_on)) run->fail_on = WSC_LEVEL_MUST;
    const cJSON *shard = wsc_json_member(r, "shard");
    if (cJSON_IsObject(shard)) {
        run->shard_k = (unsigned)count_member(shard, "index", 1e6);
        run->shard_n = (unsigned)count_member(shard, "count", 1e6);
    }
    const cJSON *targets = wsc_json_member(doc, "targets");
    run->targets = calloc((size_t)cJSON_GetArraySize(targets) + 1, sizeof *run->targets);
    const cJSON *scs = wsc_json_member(doc, "scenarios");
    run->scenarios = calloc((size_t)cJSON_GetArraySize(scs) + 1, sizeof *run->scenarios);
    run->uncovered = dup_list(wsc_json_member(doc, "uncovered"), &run->n_uncovered);
    int rc = 0;
    if (!run->targets || !run->scenarios || !run->uncovered) rc = fail(err, errlen, "out of memory");
    const cJSON *v;
    if (!rc) {
        cJSON_ArrayForEach(v, targets) {
            wsc_target *t = &run->targets[run->n_targets++];
            t->api = dup_member(v, "api");
            t->target = dup_member(v, "url");
            t->profile = dup_member(v, "profile");
            t->document = dup_member(v, "document");
            if (!t->api || !t->target) {
                rc = fail(err, errlen, "targets[%zu]: needs \"api\" and \"url\"", run->n_targets - 1);
                break;
            }
        }
    }
    if (!rc) {
        cJSON_ArrayForEach(v, scs) {
            if ((rc = parse_scenario(v, &run->scenarios[run->n_scenarios], err, errlen, run->n_scenarios)) != 0) {
                run->n_scenarios++;
                break;
            }
            run->n_scenarios++;
        }
    }
    if (!rc) rc = parse_requirements(doc, run, cat, err, errlen);
    if (rc) {
        wsc_run_free(run);
        wsc_catalogue_free(cat);
        return -1;
    }
    *out = run;
    return 0;
}

cJSON *wsc_report_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0;
    for (;;) {
        char *nb = realloc(buf, len + 65536 + 1);
        if (!nb) {
            free(buf);
            fclose(f);
            fail(err, errlen, "%s: out of memory", path);
            return NULL;
        }
        buf = nb;
        size_t got = fread(buf + len, 1, 65536, f);
        len += got;
        if (got < 65536) break;
    }
    fclose(f);
    buf[len] = '\0';
    cJSON *doc = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (!doc) fail(err, errlen, "%s: not valid JSON", path);
    return doc;
}

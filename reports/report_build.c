/* Building report.json from a run and the catalogue (see report.h; schema in README.md). */
#include "report.h"
#include "xml_text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Adds s as a JSON string made valid UTF-8, or null. 0, or -1 when out of memory. */
static int add_text(cJSON *obj, const char *key, const char *s)
{
    if (!s) return cJSON_AddNullToObject(obj, key) ? 0 : -1;
    char *clean = wsc_utf8_clean(s, strlen(s));
    cJSON *v = clean ? cJSON_AddStringToObject(obj, key, clean) : NULL;
    free(clean);
    return v ? 0 : -1;
}

static cJSON *text_item(const char *s)
{
    char *clean = wsc_utf8_clean(s, strlen(s));
    cJSON *v = clean ? cJSON_CreateString(clean) : NULL;
    free(clean);
    return v;
}

static void iso_utc(double unix_s, char *buf, size_t len)
{
    time_t t = (time_t)(unix_s > 0 ? unix_s : 0);
    struct tm tm;
    snprintf(buf, len, "1970-01-01T00:00:00Z");
    if (gmtime_r(&t, &tm)) strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Durations and times rounded to the millisecond so the document is stable to read. */
static double ms(double s)
{
    if (!(s > 0)) return 0;
    return (double)(long long)(s * 1000.0 + 0.5) / 1000.0;
}

static const char *api_of(const wsc_scenario *s)
{
    return s->api && s->api[0] ? s->api : "wsconf";
}

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}

/* The APIs of the run in the order their scenarios appear. Borrowed strings. */
static size_t run_apis(const wsc_run *run, const char **apis)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_scenarios; i++)
        if (!in_list(apis, n, api_of(&run->scenarios[i]))) apis[n++] = api_of(&run->scenarios[i]);
    return n;
}

static const wsc_target *target_of(const wsc_run *run, const char *api)
{
    for (size_t i = 0; i < run->n_targets; i++)
        if (strcmp(run->targets[i].api, api) == 0) return &run->targets[i];
    return NULL;
}

static int covers(const wsc_scenario *s, const char *req)
{
    for (size_t i = 0; i < s->n_covers; i++)
        if (strcmp(s->covers[i], req) == 0) return 1;
    return 0;
}

/* What one covering scenario says about requirement r: its checks of r decide when one
 * failed; else an error is an error; else a scenario that checked r passes it; a scenario
 * that did not check r contributes its own verdict. */
static wsc_verdict scenario_says(const wsc_scenario *s, const char *req, int strict)
{
    if (s->verdict == WSC_VERDICT_SKIPPED) return WSC_VERDICT_SKIPPED;
    wsc_check *mine = calloc(s->n_checks ? s->n_checks : 1, sizeof *mine);
    size_t n = 0;
    for (size_t i = 0; mine && i < s->n_checks; i++)
        if (s->checks[i].requirement && strcmp(s->checks[i].requirement, req) == 0) mine[n++] = s->checks[i];
    wsc_verdict v = n ? wsc_verdict_from_checks(mine, n, strict) : s->verdict;
    free(mine);
    if (v == WSC_VERDICT_PASS && s->verdict == WSC_VERDICT_ERROR) v = WSC_VERDICT_ERROR;
    return v;
}

typedef struct {
    size_t counts[WSC_VERDICT_SKIPPED + 1];
} verdict_counts;

static int add_counts(cJSON *obj, const verdict_counts *c)
{
    size_t total = 0;
    for (int v = WSC_VERDICT_PASS; v <= WSC_VERDICT_SKIPPED; v++) {
        total += c->counts[v];
        if (!cJSON_AddNumberToObject(obj, wsc_verdict_name((wsc_verdict)v), (double)c->counts[v])) return -1;
    }
    return cJSON_AddNumberToObject(obj, "total", (double)total) ? 0 : -1;
}

static cJSON *build_requirement(const wsc_run *run, const wsc_requirement *r, verdict_counts *req_counts,
                                size_t *uncovered, size_t *not_run)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    int bad = add_text(o, "id", r->id) || add_text(o, "api", r->api) ||
              add_text(o, "level", wsc_level_name(r->level)) || add_text(o, "title", r->title) ||
              add_text(o, "source", r->source);
    if (!bad && r->n_profiles) {
        cJSON *p = cJSON_AddArrayToObject(o, "profiles");
        for (size_t i = 0; p && i < r->n_profiles; i++) cJSON_AddItemToArray(p, text_item(r->profiles[i]));
        bad = !p;
    }
    cJSON *ids = cJSON_AddArrayToObject(o, "scenarios");
    bad |= !ids;
    int any = 0, all_skipped = 1;
    wsc_verdict worst = WSC_VERDICT_PASS;
    double duration = 0;
    size_t passed = 0, failed = 0;
    for (size_t i = 0; !bad && i < run->n_scenarios; i++) {
        const wsc_scenario *s = &run->scenarios[i];
        if (!covers(s, r->id)) continue;
        cJSON_AddItemToArray(ids, text_item(s->id));
        any = 1;
        wsc_verdict v = scenario_says(s, r->id, run->strict);
        if (v == WSC_VERDICT_SKIPPED) continue;
        all_skipped = 0;
        if (v > worst) worst = v;
        duration += ms(s->duration_s);
        for (size_t k = 0; k < s->n_checks; k++) {
            if (!s->checks[k].requirement || strcmp(s->checks[k].requirement, r->id) != 0) continue;
            if (s->checks[k].passed) passed++;
            else failed++;
        }
    }
    const char *verdict;
    if (!any) {
        verdict = in_list((const char *const *)run->uncovered, run->n_uncovered, r->id) ? "uncovered" : "not-run";
        if (verdict[0] == 'u') (*uncovered)++;
        else (*not_run)++;
    } else {
        wsc_verdict v = all_skipped ? WSC_VERDICT_SKIPPED : worst;
        req_counts->counts[v]++;
        verdict = wsc_verdict_name(v);
    }
    bad |= add_text(o, "verdict", verdict);
    bad |= !cJSON_AddNumberToObject(o, "duration_s", ms(duration));
    bad |= !cJSON_AddNumberToObject(o, "checks_passed", (double)passed);
    bad |= !cJSON_AddNumberToObject(o, "checks_failed", (double)failed);
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *build_check(const wsc_check *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (add_text(o, "requirement", c->requirement) || add_text(o, "level", wsc_level_name(c->level)) ||
        !cJSON_AddBoolToObject(o, "passed", c->passed) || add_text(o, "message", c->message) ||
        add_text(o, "where", c->where) || add_text(o, "expected", c->expected) ||
        add_text(o, "received", c->received)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *build_frame(const wsc_frame_rec *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (!cJSON_AddNumberToObject(o, "conn", f->conn) || add_text(o, "dir", wsc_frame_dir_name(f->dir)) ||
        !cJSON_AddNumberToObject(o, "at", ms(f->at)) || add_text(o, "op", wsc_frame_op_name(f->op)) ||
        !cJSON_AddNumberToObject(o, "len", (double)f->len) || add_text(o, "data", f->data) ||
        add_text(o, "type", f->proto_type) || add_text(o, "decoded", f->proto_type ? f->decoded : NULL)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *build_scenario(const wsc_scenario *s)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    int bad = add_text(o, "id", s->id) || add_text(o, "api", api_of(s)) || add_text(o, "title", s->title) ||
              add_text(o, "file", s->file) || !cJSON_AddNumberToObject(o, "line", s->line) ||
              add_text(o, "verdict", wsc_verdict_name(s->verdict)) || add_text(o, "reason", s->reason) ||
              !cJSON_AddNumberToObject(o, "start_unix", ms(s->start_time)) ||
              !cJSON_AddNumberToObject(o, "duration_s", ms(s->duration_s));
    cJSON *cov = bad ? NULL : cJSON_AddArrayToObject(o, "covers");
    for (size_t i = 0; cov && i < s->n_covers; i++) cJSON_AddItemToArray(cov, text_item(s->covers[i]));
    cJSON *checks = cov ? cJSON_AddArrayToObject(o, "checks") : NULL;
    for (size_t i = 0; checks && i < s->n_checks; i++) {
        cJSON *c = build_check(&s->checks[i]);
        if (!c) checks = NULL;
        else cJSON_AddItemToArray(checks, c);
    }
    cJSON *tr = checks ? cJSON_AddObjectToObject(o, "transcript") : NULL;
    cJSON *frames = tr && cJSON_AddNumberToObject(tr, "earlier", (double)s->frames_earlier)
                        ? cJSON_AddArrayToObject(tr, "frames") : NULL;
    for (size_t i = 0; frames && i < s->n_frames; i++) {
        cJSON *f = build_frame(&s->frames[i]);
        if (!f) frames = NULL;
        else cJSON_AddItemToArray(frames, f);
    }
    if (!frames || add_text(o, "transcript_text", s->transcript)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *build_run(const wsc_run *run)
{
    cJSON *o = cJSON_CreateObject();
    char when[40], seed[32];
    iso_utc(run->start_time, when, sizeof when);
    snprintf(seed, sizeof seed, "%llu", run->seed);
    int bad = !o || add_text(o, "tool_version", run->tool_version ? run->tool_version : "unknown") ||
              add_text(o, "start", when) || !cJSON_AddNumberToObject(o, "start_unix", ms(run->start_time)) ||
              !cJSON_AddNumberToObject(o, "duration_s", ms(run->duration_s)) || add_text(o, "seed", seed) ||
              !cJSON_AddBoolToObject(o, "strict", run->strict) ||
              add_text(o, "fail_on", wsc_level_name(run->fail_on));
    if (!bad && run->shard_n) {
        cJSON *sh = cJSON_AddObjectToObject(o, "shard");
        bad = !sh || !cJSON_AddNumberToObject(sh, "index", run->shard_k) ||
              !cJSON_AddNumberToObject(sh, "count", run->shard_n);
    } else if (!bad) {
        bad = !cJSON_AddNullToObject(o, "shard");
    }
    size_t failing = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) failing += wsc_verdict_fails_run(run->scenarios[i].verdict, run->fail_on);
    bad = bad || !cJSON_AddBoolToObject(o, "passed", failing == 0);
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *wsc_report_build(const wsc_run *run, const wsc_catalogue *cat)
{
    cJSON *doc = cJSON_CreateObject();
    const char **apis = calloc(run->n_scenarios + 1, sizeof *apis);
    if (!doc || !apis) goto oom;
    size_t n_apis = run_apis(run, apis);
    if (add_text(doc, "schema", WSC_REPORT_SCHEMA)) goto oom;
    cJSON *r = build_run(run);
    if (!r) goto oom;
    cJSON_AddItemToObject(doc, "run", r);

    cJSON *targets = cJSON_AddArrayToObject(doc, "targets");
    for (size_t i = 0; targets && i < run->n_targets; i++) {
        const wsc_target *t = &run->targets[i];
        cJSON *o = cJSON_CreateObject();
        if (!o) goto oom;
        cJSON_AddItemToArray(targets, o);
        const char *doc_name = t->document ? t->document : cat ? wsc_catalogue_document(cat, t->api) : NULL;
        if (add_text(o, "api", t->api) || add_text(o, "url", t->target) || add_text(o, "profile", t->profile) ||
            add_text(o, "document", doc_name))
            goto oom;
    }
    cJSON *summary = targets ? cJSON_AddObjectToObject(doc, "summary") : NULL;
    cJSON *per_api = summary ? cJSON_AddArrayToObject(summary, "apis") : NULL;
    cJSON *reqs = per_api ? cJSON_AddArrayToObject(doc, "requirements") : NULL;
    if (!reqs) goto oom;
    verdict_counts all = { { 0 } };
    size_t all_uncovered = 0, all_not_run = 0;
    for (size_t a = 0; a < n_apis; a++) {
        verdict_counts sc = { { 0 } }, rq = { { 0 } };
        size_t uncovered = 0, not_run = 0;
        for (size_t i = 0; i < run->n_scenarios; i++)
            if (strcmp(api_of(&run->scenarios[i]), apis[a]) == 0) sc.counts[run->scenarios[i].verdict]++;
        for (size_t i = 0; cat && i < cat->n; i++) {
            if (strcmp(cat->items[i].api, apis[a]) != 0) continue;
            cJSON *ro = build_requirement(run, &cat->items[i], &rq, &uncovered, &not_run);
            if (!ro) goto oom;
            cJSON_AddItemToArray(reqs, ro);
        }
        for (int v = 0; v <= WSC_VERDICT_SKIPPED; v++) all.counts[v] += sc.counts[v];
        all_uncovered += uncovered;
        all_not_run += not_run;
        cJSON *o = cJSON_CreateObject();
        if (!o) goto oom;
        cJSON_AddItemToArray(per_api, o);
        const wsc_target *t = target_of(run, apis[a]);
        const char *doc_name = t && t->document ? t->document : cat ? wsc_catalogue_document(cat, apis[a]) : NULL;
        cJSON *so = NULL, *ro = NULL;
        if (add_text(o, "api", apis[a]) || add_text(o, "document", doc_name) ||
            !(so = cJSON_AddObjectToObject(o, "scenarios")) || add_counts(so, &sc) ||
            !(ro = cJSON_AddObjectToObject(o, "requirements")) || add_counts(ro, &rq) ||
            !cJSON_AddNumberToObject(ro, "uncovered", (double)uncovered) ||
            !cJSON_AddNumberToObject(ro, "not-run", (double)not_run))
            goto oom;
    }
    cJSON *tot = cJSON_AddObjectToObject(summary, "scenarios");
    if (!tot || add_counts(tot, &all) || !cJSON_AddNumberToObject(summary, "uncovered", (double)all_uncovered) ||
        !cJSON_AddNumberToObject(summary, "not-run", (double)all_not_run))
        goto oom;

    cJSON *unc = cJSON_AddArrayToObject(doc, "uncovered");
    for (size_t i = 0; unc && i < run->n_uncovered; i++) cJSON_AddItemToArray(unc, text_item(run->uncovered[i]));
    cJSON *scs = unc ? cJSON_AddArrayToObject(doc, "scenarios") : NULL;
    if (!scs) goto oom;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        cJSON *so = build_scenario(&run->scenarios[i]);
        if (!so) goto oom;
        cJSON_AddItemToArray(scs, so);
    }
    free(apis);
    return doc;
oom:
    free(apis);
    cJSON_Delete(doc);
    return NULL;
}

/* JUnit XML writer (see junit.h and README.md). */
#include "junit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "xml_text.h"

/* Seconds with exactly three decimals and a dot, whatever the locale. */
static void put_seconds(FILE *f, double s)
{
    if (!(s > 0)) s = 0;  /* also catches NaN */
    unsigned long long ms = (unsigned long long)(s * 1000.0 + 0.5);
    fprintf(f, "%llu.%03llu", ms / 1000, ms % 1000);
}

/* ISO 8601 in UTC without a zone designator: several consumers reject one. */
static void put_timestamp(FILE *f, double unix_s)
{
    time_t t = (time_t)(unix_s > 0 ? unix_s : 0);
    struct tm tm;
    char buf[32] = "1970-01-01T00:00:00";
    if (gmtime_r(&t, &tm)) strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    fputs(buf, f);
}

static void attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    wsc_xml_puts(f, value ? value : "", WSC_XML_ATTRIBUTE);
    fputc('"', f);
}

static const char *api_name(const wsc_scenario *s)
{
    return s->api && s->api[0] ? s->api : "wsconf";
}

static const wsc_target *target_for(const wsc_run *run, const char *api)
{
    for (size_t i = 0; i < run->n_targets; i++)
        if (run->targets[i].api && strcmp(run->targets[i].api, api) == 0) return &run->targets[i];
    return NULL;
}

typedef struct {
    size_t tests, failures, errors, skipped;
    double time, start;
} suite_counts;

static suite_counts count_suite(const wsc_run *run, const char *api)
{
    suite_counts c = { 0, 0, 0, 0, 0, 0 };
    int first = 1;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const wsc_scenario *s = &run->scenarios[i];
        if (strcmp(api_name(s), api) != 0) continue;
        c.tests++;
        c.failures += s->verdict == WSC_VERDICT_FAIL;
        c.errors += s->verdict == WSC_VERDICT_ERROR;
        c.skipped += s->verdict == WSC_VERDICT_SKIPPED;
        if (s->duration_s > 0) c.time += s->duration_s;
        if (first || s->start_time < c.start) c.start = s->start_time;
        first = 0;
    }
    if (first || c.start <= 0) c.start = run->start_time;
    return c;
}

static const wsc_check *first_failed(const wsc_scenario *s, wsc_level level)
{
    for (size_t i = 0; i < s->n_checks; i++)
        if (!s->checks[i].passed && s->checks[i].level == level) return &s->checks[i];
    return NULL;
}

/* A failed check in plain text: what was claimed, where, expected versus received. */
static void describe_check(FILE *m, const wsc_check *c)
{
    fprintf(m, "%s %s %s: %s", c->passed ? "pass" : "FAILED", wsc_level_name(c->level),
            c->requirement ? c->requirement : "-", c->message ? c->message : "");
    if (c->where) fprintf(m, " (%s)", c->where);
    fputc('\n', m);
    if (!c->passed && c->expected) fprintf(m, "    expected: %s\n", c->expected);
    if (!c->passed && c->received) fprintf(m, "    received: %s\n", c->received);
}

static void describe_failed_checks(FILE *m, const wsc_scenario *s)
{
    for (size_t i = 0; i < s->n_checks; i++)
        if (!s->checks[i].passed) describe_check(m, &s->checks[i]);
}

/* The scenario in plain text for <system-out>: verdict, where it is defined,
 * what it covers, every check, the reason and the transcript tail. */
static void describe_scenario(FILE *m, const wsc_scenario *s)
{
    fprintf(m, "verdict: %s\n", wsc_verdict_name(s->verdict));
    if (s->title) fprintf(m, "claim: %s\n", s->title);
    if (s->file && s->file[0]) fprintf(m, "defined at: %s:%d\n", s->file, s->line);
    if (s->n_covers) {
        fputs("covers:", m);
        for (size_t i = 0; i < s->n_covers; i++) fprintf(m, " %s", s->covers[i]);
        fputc('\n', m);
    }
    if (s->reason) fprintf(m, "reason: %s\n", s->reason);
    if (s->n_checks) fprintf(m, "checks (%zu):\n", s->n_checks);
    for (size_t i = 0; i < s->n_checks; i++) {
        fputs("  ", m);
        describe_check(m, &s->checks[i]);
    }
    if (s->transcript && s->transcript[0]) fprintf(m, "transcript (last frames):\n%s", s->transcript);
}

/* Renders text with the describe function into memory, then writes it escaped
 * and capped, saying how much was left out. */
static void put_capped(FILE *f, const wsc_scenario *s, void (*describe)(FILE *, const wsc_scenario *), size_t cap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return;
    describe(m, s);
    if (fclose(m) != 0 || !buf) {
        free(buf);
        return;
    }
    size_t used = wsc_xml_write(f, buf, len, WSC_XML_CONTENT, cap);
    if (used < len) fprintf(f, "\n[wsconf: %zu more bytes left out]", len - used);
    free(buf);
}

static void put_failure(FILE *f, const wsc_scenario *s)
{
    const wsc_check *c = first_failed(s, WSC_LEVEL_MUST);
    if (!c) c = first_failed(s, WSC_LEVEL_SHOULD);  /* a SHOULD under --strict */
    char message[1024];
    if (c) snprintf(message, sizeof message, "%s: %s", c->requirement ? c->requirement : "-", c->message ? c->message : "");
    else snprintf(message, sizeof message, "%s", s->reason ? s->reason : "scenario failed");
    fputs("      <failure", f);
    attr(f, "message", message);
    attr(f, "type", c ? wsc_level_name(c->level) : "fail");
    fputs(">", f);
    put_capped(f, s, describe_failed_checks, WSC_JUNIT_SYSTEM_OUT_MAX);
    fputs("</failure>\n", f);
}

static void put_testcase(FILE *f, const wsc_scenario *s, const char *api, const char *name)
{
    fputs("    <testcase", f);
    attr(f, "name", name);
    attr(f, "classname", api);
    fputs(" time=\"", f);
    put_seconds(f, s->duration_s);
    fputc('"', f);
    if (s->file && s->file[0]) attr(f, "file", s->file);
    if (s->verdict == WSC_VERDICT_PASS) {
        fputs("/>\n", f);
        return;
    }
    fputs(">\n", f);
    switch (s->verdict) {
    case WSC_VERDICT_FAIL:
        put_failure(f, s);
        break;
    case WSC_VERDICT_ERROR:
        fputs("      <error", f);
        attr(f, "message", s->reason ? s->reason : "scenario could not be run");
        attr(f, "type", "error");
        fputs(">", f);
        wsc_xml_write(f, s->reason ? s->reason : "", s->reason ? strlen(s->reason) : 0, WSC_XML_CONTENT,
                      WSC_JUNIT_SYSTEM_OUT_MAX);
        fputs("</error>\n", f);
        break;
    case WSC_VERDICT_SKIPPED:
        fputs("      <skipped", f);
        attr(f, "message", s->reason ? s->reason : "not applicable");
        fputs("/>\n", f);
        break;
    default: /* info and non-strict count as passed; what broke is in system-out */
        break;
    }
    if (s->verdict != WSC_VERDICT_SKIPPED) {
        fputs("      <system-out>", f);
        put_capped(f, s, describe_scenario, WSC_JUNIT_SYSTEM_OUT_MAX);
        fputs("</system-out>\n", f);
    }
    fputs("    </testcase>\n", f);
}

static void property(FILE *f, const char *name, const char *value)
{
    fputs("      <property", f);
    attr(f, "name", name);
    attr(f, "value", value);
    fputs("/>\n", f);
}

/* A test name unique within the suite: a repeated id gets " #2", " #3", ... */
static void unique_name(const wsc_run *run, size_t index, const char *api, char *out, size_t outlen)
{
    const wsc_scenario *s = &run->scenarios[index];
    const char *id = s->id && s->id[0] ? s->id : "(unnamed)";
    size_t seen = 0;
    for (size_t i = 0; i < index; i++) {
        const wsc_scenario *o = &run->scenarios[i];
        if (strcmp(api_name(o), api) == 0 && strcmp(o->id && o->id[0] ? o->id : "(unnamed)", id) == 0) seen++;
    }
    if (seen) snprintf(out, outlen, "%s #%zu", id, seen + 1);
    else snprintf(out, outlen, "%s", id);
}

static void put_suite(FILE *f, const wsc_run *run, const char *api)
{
    suite_counts c = count_suite(run, api);
    const wsc_target *t = target_for(run, api);
    fputs("  <testsuite", f);
    attr(f, "name", api);
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"", c.tests, c.failures,
            c.errors, c.skipped);
    put_seconds(f, c.time);
    fputs("\" timestamp=\"", f);
    put_timestamp(f, c.start);
    fputs("\">\n    <properties>\n", f);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", run->seed);
    property(f, "target", t && t->target ? t->target : "(none)");
    property(f, "profile", t && t->profile ? t->profile : "document");
    property(f, "document", t && t->document ? t->document : "(none)");
    property(f, "tool.version", run->tool_version ? run->tool_version : "unknown");
    property(f, "seed", seed);
    property(f, "strict", run->strict ? "true" : "false");
    fputs("    </properties>\n", f);
    for (size_t i = 0; i < run->n_scenarios; i++) {
        if (strcmp(api_name(&run->scenarios[i]), api) != 0) continue;
        char name[1024];
        unique_name(run, i, api, name, sizeof name);
        put_testcase(f, &run->scenarios[i], api, name);
    }
    fputs("  </testsuite>\n", f);
}

static int api_seen_before(const wsc_run *run, size_t index)
{
    const char *api = api_name(&run->scenarios[index]);
    for (size_t i = 0; i < index; i++)
        if (strcmp(api_name(&run->scenarios[i]), api) == 0) return 1;
    return 0;
}

int wsc_junit_write(const wsc_run *run, FILE *f)
{
    size_t failures = 0, errors = 0, skipped = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        failures += run->scenarios[i].verdict == WSC_VERDICT_FAIL;
        errors += run->scenarios[i].verdict == WSC_VERDICT_ERROR;
        skipped += run->scenarios[i].verdict == WSC_VERDICT_SKIPPED;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wsconf\"", f);
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"", run->n_scenarios, failures,
            errors, skipped);
    put_seconds(f, run->duration_s);
    fputs("\">\n", f);
    /* One flat suite per API, in the order the APIs first appear. */
    for (size_t i = 0; i < run->n_scenarios; i++)
        if (!api_seen_before(run, i)) put_suite(f, run, api_name(&run->scenarios[i]));
    fputs("</testsuites>\n", f);
    return ferror(f) ? -1 : 0;
}

static int put_junit(FILE *f, const void *run)
{
    return wsc_junit_write(run, f);
}

int wsc_junit_write_file(const wsc_run *run, const char *path, char *err, size_t errlen)
{
    return wsc_write_file_atomic(path, put_junit, run, err, errlen);
}

/* report.md: the requirement matrix as Markdown, short enough for a pull-request comment. */
#include "report.h"
#include "xml_text.h"

#include <stdlib.h>
#include <string.h>

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = member(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = member(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Text in a table cell: one line, '|' escaped; then as in XML content, so control
 * bytes and colour codes are gone and '<' '&' cannot start HTML (GitHub renders it). */
static void cell(FILE *f, const char *s)
{
    size_t n = strlen(s);
    char *buf = malloc(2 * n + 1);
    if (!buf) return;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']') buf[o++] = '\\';
        buf[o++] = c;
    }
    wsc_xml_write(f, buf, o, WSC_XML_CONTENT, 0);
    free(buf);
}

static void counts_row(FILE *f, const cJSON *c)
{
    static const char *const names[] = { "pass", "fail", "non-strict", "info", "error", "skipped", "total" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) fprintf(f, " %.0f |", num(c, names[i]));
}

static void summary(FILE *f, const cJSON *doc)
{
    fputs("| API | document | target | profile | pass | fail | non-strict | info | error | skipped | total | "
          "uncovered requirements |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", f);
    const cJSON *a;
    cJSON_ArrayForEach(a, member(member(doc, "summary"), "apis")) {
        const char *api = str(a, "api");
        const char *url = "", *profile = "";
        const cJSON *t;
        cJSON_ArrayForEach(t, member(doc, "targets")) {
            if (strcmp(str(t, "api"), api) == 0) url = str(t, "url"), profile = str(t, "profile");
        }
        fputs("| ", f);
        cell(f, api);
        fputs(" | ", f);
        cell(f, str(a, "document"));
        fputs(" | ", f);
        cell(f, url);
        fputs(" | ", f);
        cell(f, profile);
        fputs(" |", f);
        counts_row(f, member(a, "scenarios"));
        fprintf(f, " %.0f |\n", num(member(a, "requirements"), "uncovered"));
    }
}

static void matrix(FILE *f, const cJSON *doc, const char *api)
{
    fputs("| requirement | level | verdict | title | source | scenarios | duration |\n"
          "|---|---|---|---|---|---|---:|\n", f);
    const cJSON *r;
    cJSON_ArrayForEach(r, member(doc, "requirements")) {
        if (strcmp(str(r, "api"), api) != 0) continue;
        const char *verdict = str(r, "verdict");
        int bad = strcmp(verdict, "pass") != 0 && strcmp(verdict, "skipped") != 0 && strcmp(verdict, "not-run") != 0;
        fputs("| ", f);
        cell(f, str(r, "id"));
        fputs(" | ", f);
        cell(f, str(r, "level"));
        fputs(bad ? " | **" : " | ", f);
        cell(f, verdict);
        fputs(bad ? "** | " : " | ", f);
        cell(f, str(r, "title"));
        fputs(" | ", f);
        cell(f, str(r, "source"));
        fputs(" | ", f);
        const cJSON *s;
        int first = 1;
        cJSON_ArrayForEach(s, member(r, "scenarios")) {
            if (!first) fputs(", ", f);
            first = 0;
            if (cJSON_IsString(s)) cell(f, s->valuestring);
        }
        fprintf(f, " | %.3f s |\n", num(r, "duration_s"));
    }
}

#define MD_PROTO_FRAMES 3      /* protobuf messages listed per scenario that did not pass */
#define MD_PROTO_CHARS 300     /* of each decoded message */

/* The last MD_PROTO_FRAMES protobuf messages of a scenario's transcript, decoded, one
 * nested bullet each: what a reader of a failed binary exchange needs first. */
static void proto_frames(FILE *f, const cJSON *s)
{
    const cJSON *frames = member(member(s, "transcript"), "frames");
    int n = cJSON_GetArraySize(frames), listed = 0, from = n;
    while (from > 0 && listed < MD_PROTO_FRAMES)
        if (cJSON_IsString(member(cJSON_GetArrayItem(frames, --from), "type"))) listed++;
    for (int i = from; i < n; i++) {
        const cJSON *fr = cJSON_GetArrayItem(frames, i);
        if (!cJSON_IsString(member(fr, "type"))) continue;
        fprintf(f, "  - protobuf %s #%.0f at %.3f s: ", strcmp(str(fr, "dir"), "out") == 0 ? "sent" : "received",
                num(fr, "conn"), num(fr, "at"));
        cell(f, str(fr, "type"));
        fputs(" ", f);
        const char *d = str(fr, "decoded");
        size_t len = strlen(d);
        if (len <= MD_PROTO_CHARS) {
            cell(f, d);
        } else {
            size_t cut = MD_PROTO_CHARS;
            while (cut > 0 && ((unsigned char)d[cut] & 0xc0) == 0x80) cut--;   /* a UTF-8 boundary */
            char *part = malloc(cut + 4);
            if (!part) continue;
            memcpy(part, d, cut);
            memcpy(part + cut, "...", 4);
            cell(f, part);
            free(part);
        }
        fputs("\n", f);
    }
}

/* Every scenario that did not pass, with its first failed check or its reason. */
static void problems(FILE *f, const cJSON *doc)
{
    const cJSON *s;
    int any = 0;
    cJSON_ArrayForEach(s, member(doc, "scenarios")) {
        const char *v = str(s, "verdict");
        if (strcmp(v, "pass") == 0 || strcmp(v, "skipped") == 0) continue;
        if (!any) fputs("\n## Scenarios that did not pass\n\n", f);
        any = 1;
        fputs("- **", f);
        cell(f, v);
        fputs("** ", f);
        cell(f, str(s, "id"));
        const cJSON *c;
        int shown = 0;
        cJSON_ArrayForEach(c, member(s, "checks")) {
            if (cJSON_IsTrue(member(c, "passed")) || shown) continue;
            shown = 1;
            fputs(": ", f);
            cell(f, str(c, "level"));
            fputs(" ", f);
            cell(f, str(c, "requirement"));
            fputs(": ", f);
            cell(f, str(c, "message"));
            if (cJSON_IsString(member(c, "expected"))) {
                fputs(" (expected ", f);
                cell(f, str(c, "expected"));
                fputs(", received ", f);
                cell(f, cJSON_IsString(member(c, "received")) ? str(c, "received") : "nothing");
                fputs(")", f);
            }
        }
        if (!shown && cJSON_IsString(member(s, "reason"))) {
            fputs(": ", f);
            cell(f, str(s, "reason"));
        }
        fputs("\n", f);
        proto_frames(f, s);
    }
}

int wsc_report_write_md(const cJSON *doc, FILE *f)
{
    const cJSON *run = member(doc, "run");
    fputs("# wsconf compliance report\n\n", f);
    fprintf(f, "**%s** — ", cJSON_IsTrue(member(run, "passed")) ? "PASSED" : "FAILED");
    fputs("wsconf ", f);
    cell(f, str(run, "tool_version"));
    fputs(", started ", f);
    cell(f, str(run, "start"));
    fprintf(f, ", %.3f s, seed ", num(run, "duration_s"));
    cell(f, str(run, "seed"));
    fprintf(f, ", strict %s, fail on ", cJSON_IsTrue(member(run, "strict")) ? "yes" : "no");
    cell(f, str(run, "fail_on"));
    const cJSON *shard = member(run, "shard");
    if (cJSON_IsObject(shard)) fprintf(f, ", shard %.0f/%.0f", num(shard, "index"), num(shard, "count"));
    fputs("\n\n## Summary (scenarios)\n\n", f);
    summary(f, doc);
    const cJSON *a;
    cJSON_ArrayForEach(a, member(member(doc, "summary"), "apis")) {
        fputs("\n## Requirements: ", f);
        cell(f, str(a, "api"));
        fputs("\n\n", f);
        matrix(f, doc, str(a, "api"));
    }
    const cJSON *unc = member(doc, "uncovered");
    if (cJSON_GetArraySize(unc) > 0) {
        fputs("\n## Uncovered requirements (no scenario covers them)\n\n", f);
        const cJSON *u;
        cJSON_ArrayForEach(u, unc) {
            fputs("- ", f);
            if (cJSON_IsString(u)) cell(f, u->valuestring);
            fputs("\n", f);
        }
    }
    problems(f, doc);
    return ferror(f) ? -1 : 0;
}

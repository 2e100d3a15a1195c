/* report.md: the requirement matrix as Markdown, short enough for a pull-request comment. */
#include "report.h"
#include "report_json.h"
#include "xml_text.h"

#include <stdlib.h>
#include <string.h>

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
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) fprintf(f, " %.0f |", wsc_json_number(c, names[i]));
}

static void summary(FILE *f, const cJSON *doc)
{
    fputs("| API | document | target | profile | pass | fail | non-strict | info | error | skipped | total | "
          "uncovered requirements |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", f);
    const cJSON *a;
    cJSON_ArrayForEach(a, wsc_json_member(wsc_json_member(doc, "summary"), "apis")) {
        const char *api = wsc_json_text(a, "api");
        const char *url = "", *profile = "";
        const cJSON *t;
        cJSON_ArrayForEach(t, wsc_json_member(doc, "targets")) {
            if (strcmp(wsc_json_text(t, "api"), api) == 0)
                url = wsc_json_text(t, "url"), profile = wsc_json_text(t, "profile");
        }
        fputs("| ", f);
        cell(f, api);
        fputs(" | ", f);
        cell(f, wsc_json_text(a, "document"));
        fputs(" | ", f);
        cell(f, url);
        fputs(" | ", f);
        cell(f, profile);
        fputs(" |", f);
        counts_row(f, wsc_json_member(a, "scenarios"));
        fprintf(f, " %.0f |\n", wsc_json_number(wsc_json_member(a, "requirements"), "uncovered"));
    }
}

static void matrix(FILE *f, const cJSON *doc, const char *api)
{
    fputs("| requirement | level | verdict | title | source | scenarios | duration |\n"
          "|---|---|---|---|---|---|---:|\n", f);
    const cJSON *r;
    cJSON_ArrayForEach(r, wsc_json_member(doc, "requirements")) {
        if (strcmp(wsc_json_text(r, "api"), api) != 0) continue;
        const char *verdict = wsc_json_text(r, "verdict");
        int bad = strcmp(verdict, "pass") != 0 && strcmp(verdict, "skipped") != 0 && strcmp(verdict, "not-run") != 0;
        fputs("| ", f);
        cell(f, wsc_json_text(r, "id"));
        fputs(" | ", f);
        cell(f, wsc_json_text(r, "level"));
        fputs(bad ? " | **" : " | ", f);
        cell(f, verdict);
        fputs(bad ? "** | " : " | ", f);
        cell(f, wsc_json_text(r, "title"));
        fputs(" | ", f);
        cell(f, wsc_json_text(r, "source"));
        fputs(" | ", f);
        const cJSON *s;
        int first = 1;
        cJSON_ArrayForEach(s, wsc_json_member(r, "scenarios")) {
            if (!first) fputs(", ", f);
            first = 0;
            if (cJSON_IsString(s)) cell(f, s->valuestring);
        }
        fprintf(f, " | %.3f s |\n", wsc_json_number(r, "duration_s"));
    }
}

#define MD_PROTO_FRAMES 3      /* protobuf messages listed per scenario that did not pass */
#define MD_PROTO_CHARS 300     /* of each decoded message */

/* The last MD_PROTO_FRAMES protobuf messages of a scenario's transcript, decoded, one
 * nested bullet each: what a reader of a failed binary exchange needs first. */
static void proto_frames(FILE *f, const cJSON *s)
{
    const cJSON *frames = wsc_json_member(wsc_json_member(s, "transcript"), "frames");
    int n = cJSON_GetArraySize(frames), listed = 0, from = n;
    while (from > 0 && listed < MD_PROTO_FRAMES)
        if (cJSON_IsString(wsc_json_member(cJSON_GetArrayItem(frames, --from), "type"))) listed++;
    for (int i = from; i < n; i++) {
        const cJSON *fr = cJSON_GetArrayItem(frames, i);
        if (!cJSON_IsString(wsc_json_member(fr, "type"))) continue;
        fprintf(f, "  - protobuf %s #%.0f at %.3f s: ",
                strcmp(wsc_json_text(fr, "dir"), "out") == 0 ? "sent" : "received", wsc_json_number(fr, "conn"),
                wsc_json_number(fr, "at"));
        cell(f, wsc_json_text(fr, "type"));
        fputs(" ", f);
        const char *d = wsc_json_text(fr, "decoded");
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
    cJSON_ArrayForEach(s, wsc_json_member(doc, "scenarios")) {
        const char *v = wsc_json_text(s, "verdict");
        if (strcmp(v, "pass") == 0 || strcmp(v, "skipped") == 0) continue;
        if (!any) fputs("\n## Scenarios that did not pass\n\n", f);
        any = 1;
        fputs("- **", f);
        cell(f, v);
        fputs("** ", f);
        cell(f, wsc_json_text(s, "id"));
        const cJSON *c;
        int shown = 0;
        cJSON_ArrayForEach(c, wsc_json_member(s, "checks")) {
            if (cJSON_IsTrue(wsc_json_member(c, "passed")) || shown) continue;
            shown = 1;
            fputs(": ", f);
            cell(f, wsc_json_text(c, "level"));
            fputs(" ", f);
            cell(f, wsc_json_text(c, "requirement"));
            fputs(": ", f);
            cell(f, wsc_json_text(c, "message"));
            if (cJSON_IsString(wsc_json_member(c, "expected"))) {
                fputs(" (expected ", f);
                cell(f, wsc_json_text(c, "expected"));
                fputs(", received ", f);
                cell(f, cJSON_IsString(wsc_json_member(c, "received")) ? wsc_json_text(c, "received") : "nothing");
                fputs(")", f);
            }
        }
        if (!shown && cJSON_IsString(wsc_json_member(s, "reason"))) {
            fputs(": ", f);
            cell(f, wsc_json_text(s, "reason"));
        }
        fputs("\n", f);
        proto_frames(f, s);
    }
}

int wsc_report_write_md(const cJSON *doc, FILE *f)
{
    const cJSON *run = wsc_json_member(doc, "run");
    fputs("# wsconf compliance report\n\n", f);
    fprintf(f, "**%s** — ", cJSON_IsTrue(wsc_json_member(run, "passed")) ? "PASSED" : "FAILED");
    fputs("wsconf ", f);
    cell(f, wsc_json_text(run, "tool_version"));
    fputs(", started ", f);
    cell(f, wsc_json_text(run, "start"));
    fprintf(f, ", %.3f s, seed ", wsc_json_number(run, "duration_s"));
    cell(f, wsc_json_text(run, "seed"));
    fprintf(f, ", strict %s, fail on ", cJSON_IsTrue(wsc_json_member(run, "strict")) ? "yes" : "no");
    cell(f, wsc_json_text(run, "fail_on"));
    const cJSON *shard = wsc_json_member(run, "shard");
    if (cJSON_IsObject(shard))
        fprintf(f, ", shard %.0f/%.0f", wsc_json_number(shard, "index"), wsc_json_number(shard, "count"));
    fputs("\n\n## Summary (scenarios)\n\n", f);
    summary(f, doc);
    const cJSON *a;
    cJSON_ArrayForEach(a, wsc_json_member(wsc_json_member(doc, "summary"), "apis")) {
        fputs("\n## Requirements: ", f);
        cell(f, wsc_json_text(a, "api"));
        fputs("\n\n", f);
        matrix(f, doc, wsc_json_text(a, "api"));
    }
    const cJSON *unc = wsc_json_member(doc, "uncovered");
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

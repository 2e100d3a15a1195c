/* report.html: one self-contained page (inline style and script, no external asset),
 * readable offline. Every string from the report is escaped as XML/HTML text, with control
 * bytes and colour codes removed, so content from a target cannot add markup or script.
 * The script only hides and shows rows by their data-verdict. The markup is also
 * well-formed XML (void elements closed), so the tests check its structure with xmllint. */
#include "report.h"
#include "report_json.h"
#include "xml_text.h"

#include <string.h>

static void text(FILE *f, const char *s)
{
    wsc_xml_puts(f, s, WSC_XML_CONTENT);
}

static void attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    wsc_xml_puts(f, value, WSC_XML_ATTRIBUTE);
    fputc('"', f);
}

/* A verdict as a coloured label; the class is one of a fixed set. */
static void badge(FILE *f, const char *verdict)
{
    static const char *const known[] = { "pass", "fail", "non-strict", "info", "error", "skipped", "uncovered",
                                         "not-run" };
    const char *cls = "other";
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(verdict, known[i]) == 0) cls = known[i];
    fprintf(f, "<span class=\"v v-%s\">", cls);
    text(f, verdict);
    fputs("</span>", f);
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 6px;"
    "vertical-align:top;text-align:left}th{background:#f3f3f3}td.n{text-align:right}"
    "pre,code,.mono{font:12px/1.35 ui-monospace,monospace;white-space:pre-wrap;margin:0}"
    "pre{word-break:break-all}.mono{overflow-wrap:anywhere}"
    ".v{display:inline-block;padding:0 6px;border-radius:3px;font-weight:600;color:#fff}"
    ".v-pass{background:#2e7d32}.v-fail{background:#c62828}.v-error{background:#6a1b9a}"
    ".v-non-strict{background:#ef6c00}.v-info{background:#1565c0}.v-skipped,.v-not-run,.v-other{background:#757575}"
    ".v-uncovered{background:#000}"
    "tr.failed td{background:#fdecea}details{border:1px solid #ddd;margin:.4em 0;padding:.3em .6em}"
    "summary{cursor:pointer}#filter label{margin-right:1em}.meta{color:#555}"
    ".in{color:#1b5e20}.out{color:#0d47a1}.event{color:#555}"
    "p.proto{margin:0 0 .3em;color:#222}p.proto code{overflow-wrap:anywhere}"
    /* A binary payload is kept up to 4 KiB (12 KB of hex): scroll it instead of the page. */
    "table.transcript pre{max-height:10.8em;overflow:auto}";

/* "#show=fail,error" in the address preselects the verdicts shown (links from CI). */
static const char script[] =
    "(function(){var boxes=document.querySelectorAll('#filter input');"
    "var m=/[#\\x26]show=([a-z,-]+)/.exec(location.hash);"
    "if(m){var want=m[1].split(',');boxes.forEach(function(b){b.checked=want.indexOf(b.value)>=0;});}"
    "function apply(){var on={};boxes.forEach(function(b){on[b.value]=b.checked;});"
    "document.querySelectorAll('[data-verdict]').forEach(function(el){"
    "el.hidden=!on[el.getAttribute('data-verdict')];});}"
    "boxes.forEach(function(b){b.addEventListener('change',apply);});apply();})();";

static void run_line(FILE *f, const cJSON *doc)
{
    const cJSON *run = wsc_json_member(doc, "run");
    int passed = cJSON_IsTrue(wsc_json_member(run, "passed"));
    fprintf(f, "<p id=\"result\">%s <span class=\"meta\">wsconf ", passed ? "<span class=\"v v-pass\">PASSED</span>"
                                                                          : "<span class=\"v v-fail\">FAILED</span>");
    text(f, wsc_json_text(run, "tool_version"));
    fputs(", started ", f);
    text(f, wsc_json_text(run, "start"));
    fprintf(f, " UTC, %.3f s, seed ", wsc_json_number(run, "duration_s"));
    text(f, wsc_json_text(run, "seed"));
    fprintf(f, ", strict %s, fail on ", cJSON_IsTrue(wsc_json_member(run, "strict")) ? "yes" : "no");
    text(f, wsc_json_text(run, "fail_on"));
    const cJSON *shard = wsc_json_member(run, "shard");
    if (cJSON_IsObject(shard))
        fprintf(f, ", shard %.0f/%.0f", wsc_json_number(shard, "index"), wsc_json_number(shard, "count"));
    fputs("</span></p>\n", f);
}

static void summary(FILE *f, const cJSON *doc)
{
    static const char *const names[] = { "pass", "fail", "non-strict", "info", "error", "skipped", "total" };
    fputs("<section id=\"summary\"><h2>Summary</h2>\n<table><tr><th>API</th><th>document</th><th>target</th>"
          "<th>profile</th>", f);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) fprintf(f, "<th>%s</th>", names[i]);
    fputs("<th>requirements uncovered</th></tr>\n", f);
    const cJSON *a;
    cJSON_ArrayForEach(a, wsc_json_member(wsc_json_member(doc, "summary"), "apis")) {
        const char *api = wsc_json_text(a, "api"), *url = "", *profile = "";
        const cJSON *t;
        cJSON_ArrayForEach(t, wsc_json_member(doc, "targets")) {
            if (strcmp(wsc_json_text(t, "api"), api) == 0)
                url = wsc_json_text(t, "url"), profile = wsc_json_text(t, "profile");
        }
        fputs("<tr class=\"api\"><td>", f);
        text(f, api);
        fputs("</td><td>", f);
        text(f, wsc_json_text(a, "document"));
        fputs("</td><td class=\"mono\">", f);
        text(f, url);
        fputs("</td><td>", f);
        text(f, profile);
        fputs("</td>", f);
        const cJSON *c = wsc_json_member(a, "scenarios");
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            fprintf(f, "<td class=\"n\">%.0f</td>", wsc_json_number(c, names[i]));
        fprintf(f, "<td class=\"n\">%.0f</td></tr>\n",
                wsc_json_number(wsc_json_member(a, "requirements"), "uncovered"));
    }
    fputs("</table></section>\n", f);
}

static void filter(FILE *f)
{
    static const char *const verdicts[] = { "pass", "fail", "non-strict", "info", "error", "skipped", "uncovered",
                                            "not-run" };
    fputs("<div id=\"filter\"><strong>Show verdicts:</strong> ", f);
    for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
        fprintf(f, "<label><input type=\"checkbox\" value=\"%s\" checked=\"checked\"/> %s</label>", verdicts[i], verdicts[i]);
    fputs("</div>\n", f);
}

/* The index of scenario id in the report, for links; -1 when absent. */
static int scenario_index(const cJSON *doc, const char *id)
{
    const cJSON *s;
    int i = 0;
    cJSON_ArrayForEach(s, wsc_json_member(doc, "scenarios")) {
        if (strcmp(wsc_json_text(s, "id"), id) == 0) return i;
        i++;
    }
    return -1;
}

static void matrix(FILE *f, const cJSON *doc, const char *api)
{
    fputs("<h3>Requirements: ", f);
    text(f, api);
    fputs("</h3>\n<table class=\"matrix\"><tr><th>requirement</th><th>level</th><th>verdict</th><th>title</th>"
          "<th>source</th><th>scenarios</th><th>duration</th></tr>\n", f);
    const cJSON *r;
    cJSON_ArrayForEach(r, wsc_json_member(doc, "requirements")) {
        if (strcmp(wsc_json_text(r, "api"), api) != 0) continue;
        fputs("<tr", f);
        attr(f, "data-verdict", wsc_json_text(r, "verdict"));
        fputs("><td class=\"mono\">", f);
        text(f, wsc_json_text(r, "id"));
        fputs("</td><td>", f);
        text(f, wsc_json_text(r, "level"));
        fputs("</td><td>", f);
        badge(f, wsc_json_text(r, "verdict"));
        fputs("</td><td>", f);
        text(f, wsc_json_text(r, "title"));
        fputs("</td><td>", f);
        text(f, wsc_json_text(r, "source"));
        fputs("</td><td class=\"mono\">", f);
        const cJSON *s;
        cJSON_ArrayForEach(s, wsc_json_member(r, "scenarios")) {
            if (!cJSON_IsString(s)) continue;
            int idx = scenario_index(doc, s->valuestring);
            if (idx >= 0) fprintf(f, "<a href=\"#sc-%d\">", idx);
            text(f, s->valuestring);
            fputs(idx >= 0 ? "</a><br/>" : "<br/>", f);
        }
        fprintf(f, "</td><td class=\"n\">%.3f s</td></tr>\n", wsc_json_number(r, "duration_s"));
    }
    fputs("</table>\n", f);
}

static void checks(FILE *f, const cJSON *s)
{
    const cJSON *list = wsc_json_member(s, "checks");
    if (cJSON_GetArraySize(list) == 0) return;
    fputs("<table class=\"checks\"><tr><th>result</th><th>level</th><th>requirement</th><th>claim</th>"
          "<th>where</th><th>expected</th><th>received</th></tr>\n", f);
    const cJSON *c;
    cJSON_ArrayForEach(c, list) {
        int ok = cJSON_IsTrue(wsc_json_member(c, "passed"));
        fputs(ok ? "<tr><td>passed</td><td>" : "<tr class=\"failed\"><td><strong>FAILED</strong></td><td>", f);
        text(f, wsc_json_text(c, "level"));
        fputs("</td><td class=\"mono\">", f);
        text(f, wsc_json_text(c, "requirement"));
        fputs("</td><td>", f);
        text(f, wsc_json_text(c, "message"));
        fputs("</td><td class=\"mono\">", f);
        text(f, wsc_json_text(c, "where"));
        fputs("</td><td><pre>", f);
        text(f, wsc_json_text(c, "expected"));
        fputs("</pre></td><td><pre>", f);
        text(f, wsc_json_text(c, "received"));
        fputs("</pre></td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void transcript(FILE *f, const cJSON *s)
{
    const cJSON *tr = wsc_json_member(s, "transcript");
    const cJSON *frames = wsc_json_member(tr, "frames");
    if (cJSON_GetArraySize(frames) == 0) return;
    fputs("<table class=\"transcript\"><tr><th>conn</th><th>dir</th><th>time</th><th>opcode</th><th>bytes</th>"
          "<th>payload (text; binary as hex, protobuf decoded)</th></tr>\n", f);
    if (wsc_json_number(tr, "earlier") > 0)
        fprintf(f, "<tr><td colspan=\"6\" class=\"meta\">%.0f earlier entries not kept</td></tr>\n",
                wsc_json_number(tr, "earlier"));
    const cJSON *fr;
    cJSON_ArrayForEach(fr, frames) {
        const char *dir = wsc_json_text(fr, "dir");
        const char *cls = strcmp(dir, "in") == 0 ? "in" : strcmp(dir, "out") == 0 ? "out" : "event";
        const char *arrow = cls[0] == 'i' ? "&lt;- in" : cls[0] == 'o' ? "-&gt; out" : "-- event";
        fprintf(f, "<tr class=\"%s\"><td class=\"n\">#%.0f</td><td>%s</td><td class=\"n\">%.3f s</td><td>", cls,
                wsc_json_number(fr, "conn"), arrow, wsc_json_number(fr, "at"));
        text(f, wsc_json_text(fr, "op"));
        fprintf(f, "</td><td class=\"n\">%.0f</td><td>", wsc_json_number(fr, "len"));
        if (cJSON_IsString(wsc_json_member(fr, "type"))) {
            fputs("<p class=\"proto\"><strong class=\"mono\">", f);
            text(f, wsc_json_text(fr, "type"));
            fputs("</strong> <code>", f);
            text(f, wsc_json_text(fr, "decoded"));
            fputs("</code></p>", f);
        }
        fputs("<pre>", f);
        text(f, wsc_json_text(fr, "data"));
        fputs("</pre></td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void scenario(FILE *f, const cJSON *s, int index)
{
    const char *verdict = wsc_json_text(s, "verdict");
    int open = strcmp(verdict, "pass") != 0 && strcmp(verdict, "skipped") != 0;
    fprintf(f, "<details id=\"sc-%d\" class=\"scenario\"", index);
    attr(f, "data-verdict", verdict);
    fputs(open ? " open=\"open\"><summary>" : "><summary>", f);
    badge(f, verdict);
    fputs(" <span class=\"mono\">", f);
    text(f, wsc_json_text(s, "id"));
    fputs("</span> ", f);
    text(f, wsc_json_text(s, "title"));
    fprintf(f, " <span class=\"meta\">%.3f s</span></summary>\n<p class=\"meta\">defined at ",
            wsc_json_number(s, "duration_s"));
    text(f, wsc_json_text(s, "file"));
    fprintf(f, ":%.0f; covers", wsc_json_number(s, "line"));
    const cJSON *c;
    cJSON_ArrayForEach(c, wsc_json_member(s, "covers")) {
        fputs(" ", f);
        if (cJSON_IsString(c)) text(f, c->valuestring);
    }
    fputs("</p>\n", f);
    if (cJSON_IsString(wsc_json_member(s, "reason"))) {
        fputs("<p class=\"reason\"><strong>reason:</strong> ", f);
        text(f, wsc_json_text(s, "reason"));
        fputs("</p>\n", f);
    }
    checks(f, s);
    transcript(f, s);
    fputs("</details>\n", f);
}

int wsc_report_write_html(const cJSON *doc, FILE *f)
{
    fprintf(f, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>"
               "<meta name=\"viewport\" content=\"width=device-width\"/>"
               "<title>wsconf compliance report</title><style>%s</style></head>\n<body>\n"
               "<h1>wsconf compliance report</h1>\n", style);
    run_line(f, doc);
    summary(f, doc);
    filter(f);
    fputs("<section id=\"requirements\"><h2>Requirement matrix</h2>\n", f);
    const cJSON *a;
    cJSON_ArrayForEach(a, wsc_json_member(wsc_json_member(doc, "summary"), "apis"))
        matrix(f, doc, wsc_json_text(a, "api"));
    const cJSON *unc = wsc_json_member(doc, "uncovered");
    if (cJSON_GetArraySize(unc) > 0) {
        fputs("<h3>Uncovered requirements (no scenario covers them)</h3>\n<ul id=\"uncovered\">", f);
        const cJSON *u;
        cJSON_ArrayForEach(u, unc) {
            fputs("<li class=\"mono\" data-verdict=\"uncovered\">", f);
            if (cJSON_IsString(u)) text(f, u->valuestring);
            fputs("</li>", f);
        }
        fputs("</ul>\n", f);
    }
    fputs("</section>\n<section id=\"scenarios\"><h2>Scenarios</h2>\n", f);
    const cJSON *s;
    int i = 0;
    cJSON_ArrayForEach(s, wsc_json_member(doc, "scenarios")) scenario(f, s, i++);
    fprintf(f, "</section>\n<script>%s</script>\n</body></html>\n", script);
    return ferror(f) ? -1 : 0;
}

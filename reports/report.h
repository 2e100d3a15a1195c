/* The compliance report: report.json (the stable, documented result document), and
 * report.md / report.html rendered from it. Schema in reports/README.md "report.json".
 * Writers read the JSON document, so `wsconf report` and `wsconf merge` render exactly
 * what a run renders. */
#ifndef WSC_REPORT_H
#define WSC_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "wsc_catalogue.h"
#include "wsc_result.h"

#define WSC_REPORT_SCHEMA "wsconf-report/1"

/* The report document of a run: cat supplies the requirements of every API that has a
 * scenario in the run. Strings are made valid UTF-8. NULL when out of memory. */
cJSON *wsc_report_build(const wsc_run *run, const wsc_catalogue *cat);

/* Reads a report document back into a run and the requirements it lists (cat must be
 * zeroed; free both). 0, or -1 with the cause in err. */
int wsc_report_parse(const cJSON *doc, wsc_run **run, wsc_catalogue *cat, char *err, size_t errlen);
/* Reads and parses a report.json file. Returns the document or NULL with the cause. */
cJSON *wsc_report_load(const char *path, char *err, size_t errlen);

/* Renderers; 0, or -1 when a write failed. */
int wsc_report_write_md(const cJSON *doc, FILE *f);
int wsc_report_write_html(const cJSON *doc, FILE *f);

/* Writes report.json, report.md and report.html into dir (created when missing), each
 * through a temporary file and a rename. 0, or -1 with the cause. */
int wsc_report_write_dir(const cJSON *doc, const char *dir, char *err, size_t errlen);

/* Writes path atomically: a temporary file beside it, filled by write(f, ctx), renamed
 * into place (mode 0644). 0, or -1 with the cause (without the path) in err. */
int wsc_write_file_atomic(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx,
                          char *err, size_t errlen);
/* mkdir -p. 0 or -1 (errno set). */
int wsc_make_dirs(const char *path);

#endif

/* `wsconf report` (render a saved report.json again) and `wsconf merge` (combine the
 * reports of shard runs). Both write report.json, report.md, report.html and junit.xml. */
#ifndef WSC_REPORT_CMD_H
#define WSC_REPORT_CMD_H

#include "cli.h"

/* Exit status: 0 the (merged) run passed, 1 it failed (per its --fail-on, or the
 * command line's), 2 inconsistent inputs, 3 an input could not be read or an output
 * not written. */
int wsc_report_command(const wsc_cli *cli);
int wsc_merge_command(const wsc_cli *cli);

#endif

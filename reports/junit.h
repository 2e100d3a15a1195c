/* JUnit XML for CI consumers (Jenkins, GitLab, GitHub reporters). Layout and
 * mapping of verdicts are described in reports/README.md. */
#ifndef WSC_JUNIT_H
#define WSC_JUNIT_H

#include <stddef.h>
#include <stdio.h>
#include "wsc_result.h"

/* Upper bound of one <system-out>, in bytes of escaped output. */
#define WSC_JUNIT_SYSTEM_OUT_MAX (64u * 1024u)

/* Writes the whole document to f. Returns 0, or -1 when a write failed. */
int wsc_junit_write(const wsc_run *run, FILE *f);

/* Writes to path through a temporary file in the same folder and a rename, so
 * a reader never sees half a file. Returns 0, or -1 with the cause in err. */
int wsc_junit_write_file(const wsc_run *run, const char *path, char *err, size_t errlen);

#endif

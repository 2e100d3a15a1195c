/* Writing the report files: each through a temporary file and a rename, so a CI step
 * never reads half a file (see report.h). */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int wsc_make_dirs(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
    return 0;
}

int wsc_write_file_atomic(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx,
                          char *err, size_t errlen)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        free(tmp);
        return -1;
    }
    /* mkstemp creates the file 0600; reports are read by others (artefact collectors). */
    FILE *f = fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return -1;
    }
    errno = 0;
    int rc = write(f, ctx);
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) rc = -1, saved = errno;
    if (rc == 0 && rename(tmp, path) != 0) rc = -1, saved = errno;
    if (rc != 0) {
        snprintf(err, errlen, "%s", strerror(saved ? saved : EIO));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

static int put_json(FILE *f, const void *ctx)
{
    char *s = cJSON_Print(ctx);
    if (!s) {
        errno = ENOMEM;
        return -1;
    }
    fputs(s, f);
    fputc('\n', f);
    free(s);
    return ferror(f) ? -1 : 0;
}

static int put_md(FILE *f, const void *ctx)
{
    return wsc_report_write_md(ctx, f);
}

static int put_html(FILE *f, const void *ctx)
{
    return wsc_report_write_html(ctx, f);
}

int wsc_report_write_dir(const cJSON *doc, const char *dir, char *err, size_t errlen)
{
    if (wsc_make_dirs(dir)) {
        snprintf(err, errlen, "cannot create report folder %s: %s", dir, strerror(errno));
        return -1;
    }
    static const struct { const char *name; int (*write)(FILE *, const void *); } files[] = {
        { "report.json", put_json }, { "report.md", put_md }, { "report.html", put_html },
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        char cause[256];
        if (wsc_write_file_atomic(path, files[i].write, doc, cause, sizeof cause)) {
            snprintf(err, errlen, "%s: %s", path, cause);
            return -1;
        }
    }
    return 0;
}

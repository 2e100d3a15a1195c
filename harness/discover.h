/* Finding scenario files and the folders the runner reads (scenarios, catalogue). */
#ifndef WSC_DISCOVER_H
#define WSC_DISCOVER_H

#include <stddef.h>

typedef struct {
    char **files;          /* owned, sorted within each given folder */
    size_t n;
    char *package_path;    /* owned; "<dir>/lib/?.lua;..." for every scenarios folder seen */
} wsc_files;

/* $WSCONF_HOME, else the source tree the binary was built from. */
const char *wsc_home(void);
/* Collects *.lua under each path (a file is taken as is; folders recursively, skipping
 * folders named lib). With no paths, <home>/scenarios. Returns 0, or -1 with a message
 * (a path that does not exist). Free with wsc_files_free() either way. */
int wsc_discover(const char *const *paths, size_t n_paths, wsc_files *out, char *err, size_t errlen);
void wsc_files_free(wsc_files *f);

#endif

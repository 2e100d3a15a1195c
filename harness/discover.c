/* Finding scenario files (see discover.h). */
#include "discover.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *wsc_home(void)
{
    const char *h = getenv("WSCONF_HOME");
    return h && *h ? h : WSCONF_SOURCE_DIR;
}

static int push_file(wsc_files *f, const char *path)
{
    char **files = realloc(f->files, (f->n + 1) * sizeof *files);
    if (!files) return -1;
    f->files = files;
    f->files[f->n] = strdup(path);
    if (!f->files[f->n]) return -1;
    f->n++;
    return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int walk(wsc_files *f, const char *dir, int depth)
{
    if (depth > 16) return 0;   /* symlink loops */
    DIR *d = opendir(dir);
    if (!d) return 0;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        if (!grown) break;
        names = grown;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, name_cmp);  /* an empty folder has no array */
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!names[i]) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (rc == 0 && stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (strcmp(names[i], "lib") != 0) rc = walk(f, path, depth + 1);
            } else if (S_ISREG(st.st_mode) && has_suffix(names[i], ".lua")) {
                rc = push_file(f, path);
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Adds "<dir>/lib/?.lua" to the package path unless present. */
static void add_lib(wsc_files *f, const char *dir)
{
    char entry[4200];
    snprintf(entry, sizeof entry, "%s/lib/?.lua", dir);
    if (f->package_path && strstr(f->package_path, entry)) return;
    size_t old = f->package_path ? strlen(f->package_path) : 0;
    char *p = realloc(f->package_path, old + strlen(entry) + 2);
    if (!p) return;
    if (old) {
        p[old] = ';';
        strcpy(p + old + 1, entry);
    } else {
        strcpy(p, entry);
    }
    f->package_path = p;
}

/* Cuts the last component off dir in place ("a/b" -> "a", "b" -> ".", "/b" -> "/"). */
static void parent_of(char *dir)
{
    char *slash = strrchr(dir, '/');
    if (!slash) strcpy(dir, ".");
    else if (slash == dir) dir[1] = '\0';
    else *slash = '\0';
}

/* A scenario's helpers live in lib/ of its folder or of a parent folder (scenarios/lib
 * for scenarios/labgraph/x.lua): add the folder and its parent. */
static void add_libs_for(wsc_files *f, const char *path, int is_dir)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    if (!is_dir) parent_of(dir);
    add_lib(f, dir);
    if (strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0) return;
    parent_of(dir);
    add_lib(f, dir);
}

int wsc_discover(const char *const *paths, size_t n_paths, wsc_files *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char def[4096];
    const char *one[1];
    if (n_paths == 0) {
        snprintf(def, sizeof def, "%s/scenarios", wsc_home());
        one[0] = def;
        paths = one;
        n_paths = 1;
    }
    for (size_t i = 0; i < n_paths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            snprintf(err, errlen, "no such scenario file or folder: %s", paths[i]);
            return -1;
        }
        int is_dir = S_ISDIR(st.st_mode);
        add_libs_for(out, paths[i], is_dir);
        if (is_dir) {
            if (walk(out, paths[i], 0)) {
                snprintf(err, errlen, "out of memory");
                return -1;
            }
        } else if (push_file(out, paths[i])) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    return 0;
}

void wsc_files_free(wsc_files *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->files[i]);
    free(f->files);
    free(f->package_path);
    memset(f, 0, sizeof *f);
}

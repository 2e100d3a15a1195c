#include "hn_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hn_finalize.h"

#define HN_DEFAULT_MAX_DATASETS 4096

int hn_store_init(hn_store *s, uint64_t seed, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->seed = seed;
    s->max_datasets = HN_DEFAULT_MAX_DATASETS;
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/wsconf-hanami-XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(tmpl)) {
        snprintf(err, errlen, "cannot create a temp folder %s: %s", tmpl, strerror(errno));
        return -1;
    }
    s->dir = strdup(tmpl);
    if (!s->dir) {
        rmdir(tmpl);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static void tempfile_free(hn_tempfile *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->path)
        unlink(f->path);
    free(f->path);
    hn_ranges_free(&f->ranges);
    free(f);
}

static void dataset_free(hn_dataset *d)
{
    if (d->path)
        unlink(d->path);
    free(d->path);
    free(d->name);
    free(d);
}

void hn_store_free(hn_store *s)
{
    while (s->files) {
        hn_tempfile *next = s->files->next;
        tempfile_free(s->files);
        s->files = next;
    }
    while (s->datasets) {
        hn_dataset *next = s->datasets->next;
        dataset_free(s->datasets);
        s->datasets = next;
    }
    if (s->dir)
        rmdir(s->dir);
    free(s->dir);
    s->dir = NULL;
}

static char *path_in(const hn_store *s, const char *prefix, const char *uuid)
{
    size_t n = strlen(s->dir) + strlen(prefix) + strlen(uuid) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", s->dir, prefix, uuid);
    return p;
}

static hn_tempfile *tempfile_new(hn_store *s, const hn_dataset *d, uint64_t size)
{
    hn_tempfile *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->fd = -1;
    hn_make_uuid(s->seed, "hanami-tempfile", s->made++, f->uuid);
    memcpy(f->dataset, d->uuid, sizeof f->dataset);
    f->owner = d->owner;
    f->project = d->project;
    hn_ranges_init(&f->ranges, size);
    f->path = path_in(s, "upload-", f->uuid);
    if (f->path)
        f->fd = open(f->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    /* Sparse: the declared size costs no disk until bytes arrive; unsent bytes read as 0
     * like upstream's zero-filled allocation. */
    if (f->fd < 0 || ftruncate(f->fd, (off_t)size) != 0) {
        tempfile_free(f);
        return NULL;
    }
    f->next = s->files;
    s->files = f;
    return f;
}

static void tempfile_remove(hn_store *s, hn_tempfile *f)
{
    for (hn_tempfile **pp = &s->files; *pp; pp = &(*pp)->next)
        if (*pp == f) {
            *pp = f->next;
            tempfile_free(f);
            return;
        }
}

static hn_tempfile *tempfile_of(hn_store *s, const char *uuid, const char *dataset)
{
    for (hn_tempfile *f = s->files; f; f = f->next)
        if (strcmp(f->uuid, uuid) == 0 && strcmp(f->dataset, dataset) == 0)
            return f;
    return NULL;
}

hn_dataset *hn_store_create(hn_store *s, hn_dataset_type type, const char *name, uint64_t input_size,
                            uint64_t label_size, const char *owner, const char *project, double now)
{
    if (s->ndatasets >= s->max_datasets)
        return NULL;
    hn_dataset *d = calloc(1, sizeof *d);
    if (!d || !(d->name = strdup(name))) {
        free(d);
        return NULL;
    }
    hn_make_uuid(s->seed, "hanami-dataset", s->made++, d->uuid);
    d->type = type;
    d->owner = owner;
    d->project = project;
    d->created_at = now;
    hn_tempfile *in = tempfile_new(s, d, input_size);
    hn_tempfile *label = in && type == HN_DATASET_MNIST ? tempfile_new(s, d, label_size) : NULL;
    if (!in || (type == HN_DATASET_MNIST && !label)) {
        if (in)
            tempfile_remove(s, in);
        dataset_free(d);
        return NULL;
    }
    memcpy(d->input_uuid, in->uuid, sizeof d->input_uuid);
    if (label)
        memcpy(d->label_uuid, label->uuid, sizeof d->label_uuid);
    d->next = s->datasets;
    s->datasets = d;
    s->ndatasets++;
    return d;
}

hn_dataset *hn_store_dataset(hn_store *s, const char *uuid, const char *project)
{
    for (hn_dataset *d = s->datasets; d; d = d->next)
        if (strcmp(d->uuid, uuid) == 0 && strcmp(d->project, project) == 0)
            return d;
    return NULL;
}

hn_tempfile *hn_store_tempfile(hn_store *s, const char *uuid, const char *owner, const char *project)
{
    for (hn_tempfile *f = s->files; f; f = f->next)
        if (strcmp(f->uuid, uuid) == 0 && strcmp(f->owner, owner) == 0 && strcmp(f->project, project) == 0)
            return f;
    return NULL;
}

hn_write_result hn_tempfile_write(hn_tempfile *f, uint64_t position, const void *data, size_t len)
{
    if (position > f->ranges.size || len > f->ranges.size - position)
        return HN_WRITE_BEYOND_SIZE;
    const char *p = data;
    uint64_t at = position;
    size_t left = len;
    while (left > 0) {
        ssize_t n = pwrite(f->fd, p, left, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return HN_WRITE_FAILED;
        p += n;
        at += (uint64_t)n;
        left -= (size_t)n;
    }
    /* Recorded only once the bytes are in the file. */
    return hn_ranges_add(&f->ranges, position, len) == HN_RANGES_OK ? HN_WRITE_OK : HN_WRITE_FAILED;
}

bool hn_store_complete(hn_store *s, const hn_dataset *d)
{
    for (hn_tempfile *f = s->files; f; f = f->next)
        if (strcmp(f->dataset, d->uuid) == 0 && !hn_ranges_complete(&f->ranges))
            return false;
    return true;
}

hn_finalize_result hn_store_finalize(hn_store *s, hn_dataset *d, const char *input_uuid, const char *label_uuid)
{
    /* Each uuid must name this dataset's file in that role (upstream checks neither). */
    hn_tempfile *in = strcmp(input_uuid, d->input_uuid) == 0 ? tempfile_of(s, input_uuid, d->uuid) : NULL;
    if (!in)
        return HN_FINALIZE_NO_INPUT;
    hn_tempfile *label = NULL;
    if (d->type == HN_DATASET_MNIST &&
        !(strcmp(label_uuid, d->label_uuid) == 0 && (label = tempfile_of(s, label_uuid, d->uuid))))
        return HN_FINALIZE_NO_LABEL;
    if (!hn_ranges_complete(&in->ranges) || (label && !hn_ranges_complete(&label->ranges)))
        return HN_FINALIZE_INCOMPLETE;
    char *path = path_in(s, "dataset-", d->uuid);
    int out = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    if (out < 0) {
        free(path);
        return HN_FINALIZE_IO;
    }
    hn_finalized res;
    int rc = d->type == HN_DATASET_MNIST
                 ? hn_finalize_mnist(in->fd, in->ranges.size, label->fd, label->ranges.size, out, &res)
                 : hn_finalize_csv(in->fd, in->ranges.size, out, &res);
    close(out);
    if (rc != 0) {
        unlink(path);
        free(path);
        return rc == -2 ? HN_FINALIZE_BAD_CONTENT : HN_FINALIZE_IO;
    }
    d->finalized = true;
    d->path = path;
    d->size = res.size;
    memcpy(d->sha256, res.sha256, sizeof d->sha256);
    d->records = res.records;
    d->columns = res.columns;
    tempfile_remove(s, in);
    if (label)
        tempfile_remove(s, label);
    return HN_FINALIZE_OK;
}

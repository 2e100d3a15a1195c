/* Datasets and their upload temp files. Every temp file is a sparse file of the declared
 * size in the store's own temp folder (uploads never sit in memory); writes go straight
 * to it with pwrite and are recorded in an exact byte-range tracker. Finalize converts
 * the files into the dataset (hn_finalize.h), keeps the result's size and SHA-256, and
 * deletes the temp files. The folder and everything in it goes at hn_store_free. */
#ifndef MOCK_HN_STORE_H
#define MOCK_HN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hn_ids.h"
#include "hn_ranges.h"

typedef enum { HN_DATASET_MNIST, HN_DATASET_CSV } hn_dataset_type;

typedef struct hn_tempfile {
    char uuid[HN_UUID_LEN + 1];
    char dataset[HN_UUID_LEN + 1];
    const char *owner;      /* user id */
    const char *project;
    int fd;
    char *path;
    hn_ranges ranges;
    struct hn_tempfile *next;
} hn_tempfile;

typedef struct hn_dataset {
    char uuid[HN_UUID_LEN + 1];
    char input_uuid[HN_UUID_LEN + 1];
    char label_uuid[HN_UUID_LEN + 1];   /* "" for CSV */
    char *name;
    hn_dataset_type type;
    const char *owner;
    const char *project;
    double created_at;                  /* Unix seconds */
    bool finalized;
    uint64_t size;                      /* finalized bytes */
    unsigned char sha256[32];
    uint64_t records, columns;          /* MNIST: images, pixels per image; CSV: rows, columns */
    char *path;                         /* finalized file */
    struct hn_dataset *next;
} hn_dataset;

typedef struct hn_store {
    char *dir;
    uint64_t seed, made;
    hn_dataset *datasets;
    hn_tempfile *files;
    size_t ndatasets;
    size_t max_datasets;
} hn_store;

/* Creates the temp folder under $TMPDIR (else /tmp). 0, or -1 with a message. */
int hn_store_init(hn_store *s, uint64_t seed, char *err, size_t errlen);
void hn_store_free(hn_store *s);

/* Creates a dataset and its temp files (label_size 0 for CSV). NULL when the store is
 * full or a file cannot be created (upstream: 500). */
hn_dataset *hn_store_create(hn_store *s, hn_dataset_type type, const char *name, uint64_t input_size,
                            uint64_t label_size, const char *owner, const char *project, double now);

/* Lookups scoped to a project: another project's objects do not exist for it. */
hn_dataset *hn_store_dataset(hn_store *s, const char *uuid, const char *project);
hn_tempfile *hn_store_tempfile(hn_store *s, const char *uuid, const char *owner, const char *project);

typedef enum {
    HN_WRITE_OK,
    HN_WRITE_BEYOND_SIZE,   /* position + len beyond the declared size: nothing written */
    HN_WRITE_FAILED         /* I/O error */
} hn_write_result;
hn_write_result hn_tempfile_write(hn_tempfile *f, uint64_t position, const void *data, size_t len);

/* Every byte of every temp file of the dataset has arrived (true once finalized). */
bool hn_store_complete(hn_store *s, const hn_dataset *d);

typedef enum {
    HN_FINALIZE_OK,
    HN_FINALIZE_NO_INPUT,      /* input file uuid is not a temp file of this dataset */
    HN_FINALIZE_NO_LABEL,      /* label file uuid is not a temp file of this dataset */
    HN_FINALIZE_INCOMPLETE,    /* bytes missing */
    HN_FINALIZE_BAD_CONTENT,   /* MNIST headers inconsistent with the file sizes */
    HN_FINALIZE_IO
} hn_finalize_result;
/* Converts and merges the temp files named by the uuids into the dataset. */
hn_finalize_result hn_store_finalize(hn_store *s, hn_dataset *d, const char *input_uuid, const char *label_uuid);

#endif

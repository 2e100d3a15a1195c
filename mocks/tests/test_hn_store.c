/* Hanami dataset store: temp files on disk, exact completion, finalize (MNIST merge and
 * CSV), temp files removed, ownership. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "hanami/hn_store.h"

static int setup(void **state)
{
    hn_store *s = malloc(sizeof *s);
    char err[256];
    assert_int_equal(hn_store_init(s, 7, err, sizeof err), 0);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    hn_store *s = *state;
    char *dir = strdup(s->dir);
    hn_store_free(s);
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0);   /* the folder is gone with everything in it */
    free(dir);
    free(s);
    return 0;
}

static void sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void mnist_upload_merge_and_cleanup(void **state)
{
    hn_store *s = *state;
    enum { COUNT = 3, ROWS = 2, COLS = 3 };
    unsigned char images[16 + COUNT * ROWS * COLS], labels[8 + COUNT];
    memset(images, 0, sizeof images);
    memset(labels, 0, sizeof labels);
    put_be32(images, 2051);
    put_be32(images + 4, COUNT);
    put_be32(images + 8, ROWS);
    put_be32(images + 12, COLS);
    for (int i = 0; i < COUNT * ROWS * COLS; i++)
        images[16 + i] = (unsigned char)(i * 7);
    put_be32(labels, 2049);
    put_be32(labels + 4, COUNT);
    labels[8] = 3, labels[9] = 9, labels[10] = 0;

    hn_dataset *d = hn_store_create(s, HN_DATASET_MNIST, "mnist", sizeof images, sizeof labels, "u", "p", 1.0);
    assert_non_null(d);
    assert_string_not_equal(d->input_uuid, d->label_uuid);
    assert_string_not_equal(d->uuid, d->input_uuid);
    hn_tempfile *in = hn_store_tempfile(s, d->input_uuid, "u", "p");
    hn_tempfile *lb = hn_store_tempfile(s, d->label_uuid, "u", "p");
    assert_non_null(in);
    assert_non_null(lb);
    assert_null(hn_store_tempfile(s, d->input_uuid, "other", "p"));
    assert_null(hn_store_tempfile(s, d->input_uuid, "u", "other"));
    assert_null(hn_store_dataset(s, d->uuid, "other"));
    char in_path[512];
    snprintf(in_path, sizeof in_path, "%s", in->path);

    assert_false(hn_store_complete(s, d));
    /* Out of order, with a resend and a refused write past the end. */
    assert_int_equal(hn_tempfile_write(in, 20, images + 20, sizeof images - 20), HN_WRITE_OK);
    assert_int_equal(hn_tempfile_write(in, 20, images + 20, sizeof images - 20), HN_WRITE_OK);
    assert_int_equal(hn_tempfile_write(in, sizeof images - 1, "xx", 2), HN_WRITE_BEYOND_SIZE);
    assert_int_equal(hn_tempfile_write(in, 0, images, 20), HN_WRITE_OK);
    assert_false(hn_store_complete(s, d));   /* the label file is missing */
    assert_int_equal(hn_store_finalize(s, d, d->input_uuid, d->label_uuid), HN_FINALIZE_INCOMPLETE);
    assert_int_equal(hn_tempfile_write(lb, 0, labels, sizeof labels), HN_WRITE_OK);
    assert_true(hn_store_complete(s, d));

    assert_int_equal(hn_store_finalize(s, d, d->label_uuid, d->label_uuid), HN_FINALIZE_NO_INPUT);
    assert_int_equal(hn_store_finalize(s, d, d->input_uuid, d->input_uuid), HN_FINALIZE_NO_LABEL);
    assert_int_equal(hn_store_finalize(s, d, d->input_uuid, d->label_uuid), HN_FINALIZE_OK);
    unsigned char want[COUNT * (ROWS * COLS + 1)], digest[32];
    for (int r = 0; r < COUNT; r++) {
        memcpy(want + r * (ROWS * COLS + 1), images + 16 + r * ROWS * COLS, ROWS * COLS);
        want[r * (ROWS * COLS + 1) + ROWS * COLS] = labels[8 + r];
    }
    sha256(want, sizeof want, digest);
    assert_int_equal(d->size, sizeof want);
    assert_memory_equal(d->sha256, digest, 32);
    assert_int_equal(d->records, COUNT);
    assert_int_equal(d->columns, ROWS * COLS);
    /* Temp files gone, from the store and the disk; the dataset still reports complete. */
    assert_null(hn_store_tempfile(s, d->input_uuid, "u", "p"));
    assert_int_not_equal(access(in_path, F_OK), 0);
    assert_true(hn_store_complete(s, d));
    assert_int_equal(hn_store_finalize(s, d, d->input_uuid, d->label_uuid), HN_FINALIZE_NO_INPUT);
}

static void mnist_inconsistent_headers_are_refused(void **state)
{
    hn_store *s = *state;
    unsigned char images[16 + 4] = { 0 }, labels[8 + 1] = { 0 };
    put_be32(images + 4, 5);   /* five 2x2 images claimed, one present */
    put_be32(images + 8, 2);
    put_be32(images + 12, 2);
    hn_dataset *d = hn_store_create(s, HN_DATASET_MNIST, "bad", sizeof images, sizeof labels, "u", "p", 1.0);
    hn_tempfile *in = hn_store_tempfile(s, d->input_uuid, "u", "p");
    hn_tempfile *lb = hn_store_tempfile(s, d->label_uuid, "u", "p");
    assert_int_equal(hn_tempfile_write(in, 0, images, sizeof images), HN_WRITE_OK);
    assert_int_equal(hn_tempfile_write(lb, 0, labels, sizeof labels), HN_WRITE_OK);
    assert_int_equal(hn_store_finalize(s, d, d->input_uuid, d->label_uuid), HN_FINALIZE_BAD_CONTENT);
    assert_false(d->finalized);
    assert_non_null(hn_store_tempfile(s, d->input_uuid, "u", "p"));
}

static void csv_kept_as_text_with_counts(void **state)
{
    hn_store *s = *state;
    const char text[] = "title only\na,b,c\n1,2,3\nno comma\n4,5\n7,8,9";
    size_t len = sizeof text - 1;
    hn_dataset *d = hn_store_create(s, HN_DATASET_CSV, "csv", len, 0, "u", "p", 1.0);
    assert_string_equal(d->label_uuid, "");
    hn_tempfile *in = hn_store_tempfile(s, d->input_uuid, "u", "p");
    assert_int_equal(hn_tempfile_write(in, 10, text + 10, len - 10), HN_WRITE_OK);
    assert_int_equal(hn_tempfile_write(in, 0, text, 10), HN_WRITE_OK);
    assert_int_equal(hn_store_finalize(s, d, d->input_uuid, ""), HN_FINALIZE_OK);
    unsigned char digest[32];
    sha256(text, len, digest);
    assert_int_equal(d->size, len);
    assert_memory_equal(d->sha256, digest, 32);
    assert_int_equal(d->columns, 3);
    assert_int_equal(d->records, 3);
}

static void large_sparse_file_costs_nothing_until_written(void **state)
{
    hn_store *s = *state;
    hn_dataset *d = hn_store_create(s, HN_DATASET_CSV, "big", 10000000000ULL, 0, "u", "p", 1.0);
    assert_non_null(d);
    hn_tempfile *in = hn_store_tempfile(s, d->input_uuid, "u", "p");
    assert_int_equal(hn_tempfile_write(in, 9999999999ULL, "x", 1), HN_WRITE_OK);
    assert_int_equal(hn_tempfile_write(in, 9999999999ULL, "xy", 2), HN_WRITE_BEYOND_SIZE);
    assert_false(hn_store_complete(s, d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(mnist_upload_merge_and_cleanup, setup, teardown),
        cmocka_unit_test_setup_teardown(mnist_inconsistent_headers_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_kept_as_text_with_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(large_sparse_file_costs_nothing_until_written, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Conversion of uploaded files into a dataset, streamed from file to file.
 * MNIST: the IDX image file (count, rows, cols big-endian at offsets 4, 8, 12, pixels
 * from 16) and the IDX label file (labels from offset 8) become one record per image:
 * rows*cols pixel bytes followed by the label byte. CSV: the text is kept as is; rows
 * and columns are counted with upstream's rules (lines without a comma skipped, the
 * first line with a comma is the header). Both report the output's size and SHA-256. */
#ifndef MOCK_HN_FINALIZE_H
#define MOCK_HN_FINALIZE_H

#include <stdint.h>

typedef struct hn_finalized {
    uint64_t size;
    unsigned char sha256[32];
    uint64_t records, columns;
} hn_finalized;

/* 0, -1 on an I/O error, -2 when the MNIST headers do not fit the file sizes (no
 * output then). Reads from the start of the descriptors with pread. */
int hn_finalize_mnist(int images_fd, uint64_t images_size, int labels_fd, uint64_t labels_size, int out_fd,
                      hn_finalized *res);
int hn_finalize_csv(int in_fd, uint64_t size, int out_fd, hn_finalized *res);

/* SHA-256 of the file at path (size bytes) read as its last tail bytes followed by the
 * rest: what a dataset written out of order would hash to (used by a fault). */
int hn_hash_file_rotated(const char *path, uint64_t size, uint64_t tail, unsigned char out[32]);

#endif

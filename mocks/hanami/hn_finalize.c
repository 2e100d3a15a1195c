#include "hn_finalize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#define BLOCK (1u << 20)

/* Reads exactly len bytes at off. */
static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = pread(fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Output side: writes and hashes. */
typedef struct sink {
    int fd;
    EVP_MD_CTX *md;
    uint64_t size;
} sink;

static int sink_put(sink *s, const void *buf, size_t len)
{
    if (len == 0)
        return 0;
    if (write_all(s->fd, buf, len) != 0 || EVP_DigestUpdate(s->md, buf, len) != 1)
        return -1;
    s->size += len;
    return 0;
}

static int sink_open(sink *s, int fd)
{
    s->fd = fd;
    s->size = 0;
    s->md = EVP_MD_CTX_new();
    return s->md && EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) == 1 ? 0 : -1;
}

static int sink_close(sink *s, int ok, hn_finalized *res)
{
    unsigned int n = 0;
    if (ok == 0 && EVP_DigestFinal_ex(s->md, res->sha256, &n) != 1)
        ok = -1;
    EVP_MD_CTX_free(s->md);
    res->size = s->size;
    return ok;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int hn_finalize_mnist(int images_fd, uint64_t images_size, int labels_fd, uint64_t labels_size, int out_fd,
                      hn_finalized *res)
{
    memset(res, 0, sizeof *res);
    unsigned char head[16];
    if (images_size < 16 || labels_size < 8)
        return -2;
    if (read_at(images_fd, head, sizeof head, 0) != 0)
        return -1;
    uint64_t count = be32(head + 4), pixels = (uint64_t)be32(head + 8) * be32(head + 12);
    if (pixels == 0 || pixels > BLOCK || count > (images_size - 16) / pixels || count > labels_size - 8)
        return -2;
    sink s;
    if (sink_open(&s, out_fd) != 0)
        return sink_close(&s, -1, res);
    /* Many records per block: pixels then label, record after record. */
    size_t per_block = BLOCK / (size_t)pixels;
    unsigned char *img = malloc((size_t)pixels * per_block), *out = malloc(((size_t)pixels + 1) * per_block);
    unsigned char *labels = malloc(per_block);
    int rc = img && out && labels ? 0 : -1;
    for (uint64_t i = 0; rc == 0 && i < count; i += per_block) {
        size_t k = count - i < per_block ? (size_t)(count - i) : per_block;
        if (read_at(images_fd, img, k * (size_t)pixels, 16 + i * pixels) != 0 ||
            read_at(labels_fd, labels, k, 8 + i) != 0) {
            rc = -1;
            break;
        }
        for (size_t r = 0; r < k; r++) {
            memcpy(out + r * (pixels + 1), img + r * pixels, (size_t)pixels);
            out[r * (pixels + 1) + pixels] = labels[r];
        }
        rc = sink_put(&s, out, k * ((size_t)pixels + 1));
    }
    free(img);
    free(out);
    free(labels);
    rc = sink_close(&s, rc, res);
    res->records = count;
    res->columns = pixels;
    return rc;
}

/* Counts commas of a line; the CSV rules only need "has a comma" and the header's cells. */
typedef struct csv_count {
    uint64_t commas_in_line;
    uint64_t rows, columns;
    int header_seen;
} csv_count;

static void csv_line_end(csv_count *c)
{
    if (c->commas_in_line > 0) {
        if (!c->header_seen) {
            c->header_seen = 1;
            c->columns = c->commas_in_line + 1;
        } else {
            c->rows++;
        }
    }
    c->commas_in_line = 0;
}

int hn_finalize_csv(int in_fd, uint64_t size, int out_fd, hn_finalized *res)
{
    memset(res, 0, sizeof *res);
    sink s;
    if (sink_open(&s, out_fd) != 0)
        return sink_close(&s, -1, res);
    unsigned char *buf = malloc(BLOCK);
    int rc = buf ? 0 : -1;
    csv_count c = { 0, 0, 0, 0 };
    for (uint64_t off = 0; rc == 0 && off < size; off += BLOCK) {
        size_t k = size - off < BLOCK ? (size_t)(size - off) : BLOCK;
        if (read_at(in_fd, buf, k, off) != 0) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < k; i++) {
            if (buf[i] == ',')
                c.commas_in_line++;
            else if (buf[i] == '\n')
                csv_line_end(&c);
        }
        rc = sink_put(&s, buf, k);
    }
    csv_line_end(&c);
    free(buf);
    rc = sink_close(&s, rc, res);
    res->records = c.rows;
    res->columns = c.columns;
    return rc;
}

int hn_hash_file_rotated(const char *path, uint64_t size, uint64_t tail, unsigned char out[32])
{
    if (tail > size)
        tail = size;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    unsigned char *buf = malloc(BLOCK);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int rc = fd >= 0 && buf && md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 ? 0 : -1;
    /* Two spans: [size - tail, size) then [0, size - tail). */
    uint64_t spans[2][2] = { { size - tail, size }, { 0, size - tail } };
    for (int s = 0; rc == 0 && s < 2; s++)
        for (uint64_t off = spans[s][0]; rc == 0 && off < spans[s][1]; off += BLOCK) {
            size_t k = spans[s][1] - off < BLOCK ? (size_t)(spans[s][1] - off) : BLOCK;
            if (read_at(fd, buf, k, off) != 0 || EVP_DigestUpdate(md, buf, k) != 1)
                rc = -1;
        }
    unsigned int n = 0;
    if (rc == 0 && EVP_DigestFinal_ex(md, out, &n) != 1)
        rc = -1;
    EVP_MD_CTX_free(md);
    free(buf);
    if (fd >= 0)
        close(fd);
    return rc;
}

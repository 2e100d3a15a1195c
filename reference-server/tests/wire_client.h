/* A small blocking client for the core's wire tests: plain or TLS sockets, whole HTTP
 * exchanges, and WebSocket handshakes and frames read and written byte by byte, so tests
 * can check opcodes, FIN bits and Close payloads exactly. Every read times out. */
#ifndef WIRE_CLIENT_H
#define WIRE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>

typedef struct wc_conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    unsigned char *rbuf; /* bytes received and not consumed yet */
    size_t rlen, rcap;
} wc_conn;

typedef struct wc_frame {
    int opcode;
    bool fin;
    unsigned char *data; /* malloc'd, NUL-terminated for convenience */
    size_t len;
} wc_frame;

/* tls_ca: NULL for a plain socket; a PEM file to trust; "" for TLS trusting nothing. */
int wc_connect(wc_conn *c, int port, const char *tls_ca);
void wc_close(wc_conn *c);
int wc_send(wc_conn *c, const void *data, size_t len);
/* Sends a request and reads until the server closes; returns the malloc'd response
 * (NUL-terminated) or NULL. */
char *wc_http(int port, const char *tls_ca, const char *request, size_t len, size_t *resp_len);
/* Sends an upgrade request for path with extra header lines ("Name: v\r\n...", or NULL)
 * and reads the response head into head. Returns the status code, or -1. */
int wc_ws_open(wc_conn *c, int port, const char *tls_ca, const char *path, const char *extra, char *head,
               size_t headcap);
/* Sends one masked frame. */
int wc_ws_send(wc_conn *c, int opcode, bool fin, const void *payload, size_t len);
/* Reads one frame; 0, or -1 on EOF or timeout. */
int wc_ws_read(wc_conn *c, wc_frame *f);
void wc_frame_free(wc_frame *f);
/* Everything until the peer closes (malloc'd, NUL-terminated), or NULL on a timeout. */
char *wc_read_to_eof(wc_conn *c);
/* True when the peer has closed the connection (EOF within the timeout). */
bool wc_at_eof(wc_conn *c);

#endif

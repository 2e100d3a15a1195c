/* A TLS client over memory buffers: ciphertext in from the network, plaintext out, and
 * the reverse. http_client.c runs it on a raw lws socket, so https:// needs nothing from
 * lws's TLS (whose raw client sockets in 4.1 cannot do TLS). */
#ifndef WSC_TLS_PIPE_H
#define WSC_TLS_PIPE_H

#include <stddef.h>

typedef struct wsc_tls_pipe wsc_tls_pipe;

/* Starts a client session for host (SNI and certificate name, or IP address). *ctx_slot
 * holds the shared SSL_CTX: made on first use with ca (NULL: the system's CAs) and
 * insecure (no verification). NULL with a message on failure. */
wsc_tls_pipe *wsc_tls_pipe_new(void **ctx_slot, const char *ca, int insecure, const char *host, char *err,
                               size_t errlen);
void wsc_tls_pipe_free(wsc_tls_pipe *p);
void wsc_tls_ctx_free(void *ctx);

/* Ciphertext received from the network. 0, or -1 when out of memory. */
int wsc_tls_pipe_feed(wsc_tls_pipe *p, const void *data, size_t len);
/* Advances the handshake: 1 done, 0 needs more network traffic, -1 failed (err). */
int wsc_tls_pipe_handshake(wsc_tls_pipe *p, char *err, size_t errlen);
/* Decrypted bytes: > 0 bytes read, 0 none yet, -1 error (err), -2 the peer closed the
 * TLS session (close_notify). */
long wsc_tls_pipe_read(wsc_tls_pipe *p, void *buf, size_t cap, char *err, size_t errlen);
/* Encrypts up to len bytes; returns how many were taken, or -1 (err). */
long wsc_tls_pipe_write(wsc_tls_pipe *p, const void *data, size_t len, char *err, size_t errlen);
/* Ciphertext waiting to be sent, and taking it (up to cap bytes; returns the count). */
size_t wsc_tls_pipe_pending(wsc_tls_pipe *p);
size_t wsc_tls_pipe_take(wsc_tls_pipe *p, void *buf, size_t cap);

#endif

/* TLS over memory BIOs (see tls_pipe.h). */
#include "tls_pipe.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct wsc_tls_pipe {
    SSL *ssl;
    BIO *in;    /* network -> TLS (owned by ssl) */
    BIO *out;   /* TLS -> network (owned by ssl) */
};

void wsc_tls_ctx_free(void *ctx)
{
    SSL_CTX_free(ctx);
}

static void openssl_error(char *err, size_t errlen, const char *what)
{
    unsigned long e = ERR_get_error();
    char buf[256] = "";
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    snprintf(err, errlen, "%s%s%s", what, buf[0] ? ": " : "", buf);
}

static SSL_CTX *make_ctx(const char *ca, int insecure, char *err, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        openssl_error(err, errlen, "cannot create a TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (insecure) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        int ok = ca ? SSL_CTX_load_verify_locations(ctx, ca, NULL) : SSL_CTX_set_default_verify_paths(ctx);
        if (ok != 1) {
            char what[300];
            snprintf(what, sizeof what, "cannot load the CA file %s", ca ? ca : "(system default)");
            openssl_error(err, errlen, what);
            SSL_CTX_free(ctx);
            return NULL;
        }
    }
    return ctx;
}

wsc_tls_pipe *wsc_tls_pipe_new(void **ctx_slot, const char *ca, int insecure, const char *host, char *err,
                               size_t errlen)
{
    if (!*ctx_slot) *ctx_slot = make_ctx(ca, insecure, err, errlen);
    if (!*ctx_slot) return NULL;
    wsc_tls_pipe *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->ssl = SSL_new(*ctx_slot);
    p->in = BIO_new(BIO_s_mem());
    p->out = BIO_new(BIO_s_mem());
    if (!p->ssl || !p->in || !p->out) {
        BIO_free(p->in);
        BIO_free(p->out);
        SSL_free(p->ssl);
        free(p);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* An empty memory BIO means "no data yet", not end of file. */
    BIO_set_mem_eof_return(p->in, -1);
    SSL_set_bio(p->ssl, p->in, p->out);
    SSL_set_connect_state(p->ssl);
    static const unsigned char alpn[] = { 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };
    SSL_set_alpn_protos(p->ssl, alpn, sizeof alpn);
    unsigned char addr[16];
    int is_ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
    if (!is_ip) SSL_set_tlsext_host_name(p->ssl, host);
    if (!insecure) {
        X509_VERIFY_PARAM *param = SSL_get0_param(p->ssl);
        int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host) : X509_VERIFY_PARAM_set1_host(param, host, 0);
        if (ok != 1) {
            wsc_tls_pipe_free(p);
            snprintf(err, errlen, "cannot set the expected certificate name %s", host);
            return NULL;
        }
    }
    return p;
}

void wsc_tls_pipe_free(wsc_tls_pipe *p)
{
    if (!p) return;
    SSL_free(p->ssl);   /* frees both BIOs */
    free(p);
}

int wsc_tls_pipe_feed(wsc_tls_pipe *p, const void *data, size_t len)
{
    while (len) {
        int step = len > (1u << 30) ? (1 << 30) : (int)len;
        int n = BIO_write(p->in, data, step);
        if (n <= 0) return -1;
        data = (const char *)data + n;
        len -= (size_t)n;
    }
    return 0;
}

/* Names the failure of an SSL call that returned rc. Returns 0 for "wants more I/O". */
static int failed(wsc_tls_pipe *p, int rc, char *err, size_t errlen)
{
    int e = SSL_get_error(p->ssl, rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return 0;
    long vr = SSL_get_verify_result(p->ssl);
    if (vr != X509_V_OK) {
        snprintf(err, errlen, "TLS: certificate verify failed: %s (see --ca FILE, --insecure)",
                 X509_verify_cert_error_string(vr));
        ERR_clear_error();
    } else {
        openssl_error(err, errlen, "TLS error");
    }
    return -1;
}

int wsc_tls_pipe_handshake(wsc_tls_pipe *p, char *err, size_t errlen)
{
    if (SSL_is_init_finished(p->ssl)) return 1;
    int rc = SSL_do_handshake(p->ssl);
    if (rc == 1) return 1;
    return failed(p, rc, err, errlen);
}

long wsc_tls_pipe_read(wsc_tls_pipe *p, void *buf, size_t cap, char *err, size_t errlen)
{
    int n = SSL_read(p->ssl, buf, cap > (1u << 30) ? (1 << 30) : (int)cap);
    if (n > 0) return n;
    if (SSL_get_error(p->ssl, n) == SSL_ERROR_ZERO_RETURN) return -2;
    return failed(p, n, err, errlen);
}

long wsc_tls_pipe_write(wsc_tls_pipe *p, const void *data, size_t len, char *err, size_t errlen)
{
    if (!len) return 0;
    int n = SSL_write(p->ssl, data, len > (1u << 30) ? (1 << 30) : (int)len);
    if (n > 0) return n;
    return failed(p, n, err, errlen);
}

size_t wsc_tls_pipe_pending(wsc_tls_pipe *p)
{
    return BIO_ctrl_pending(p->out);
}

size_t wsc_tls_pipe_take(wsc_tls_pipe *p, void *buf, size_t cap)
{
    int n = BIO_read(p->out, buf, cap > (1u << 30) ? (1 << 30) : (int)cap);
    return n > 0 ? (size_t)n : 0;
}

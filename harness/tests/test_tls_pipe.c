/* tls_pipe: a client session over memory buffers against an OpenSSL server in the same
 * process: trust by CA file, by --insecure, refusal without trust and on a wrong name. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/ssl.h>

#include "peer_server.h"
#include "tls_pipe.h"

#define CERT WSC_TEST_OUT "/pipe-cert.pem"
#define KEY WSC_TEST_OUT "/pipe-key.pem"

typedef struct {
    SSL_CTX *ctx;
    SSL *ssl;
    BIO *in, *out;
} server;

static void server_new(server *s)
{
    s->ctx = SSL_CTX_new(TLS_server_method());
    assert_int_equal(SSL_CTX_use_certificate_file(s->ctx, CERT, SSL_FILETYPE_PEM), 1);
    assert_int_equal(SSL_CTX_use_PrivateKey_file(s->ctx, KEY, SSL_FILETYPE_PEM), 1);
    s->ssl = SSL_new(s->ctx);
    s->in = BIO_new(BIO_s_mem());
    s->out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(s->in, -1);
    SSL_set_bio(s->ssl, s->in, s->out);
    SSL_set_accept_state(s->ssl);
}

static void server_free(server *s)
{
    SSL_free(s->ssl);
    SSL_CTX_free(s->ctx);
}

/* Moves bytes both ways until neither side has anything to say; returns the client's
 * handshake result. */
static int pump(wsc_tls_pipe *c, server *s, char *err, size_t errlen)
{
    int hs = 0;
    for (int round = 0; round < 20; round++) {
        char buf[16384];
        hs = wsc_tls_pipe_handshake(c, err, errlen);
        if (hs < 0) return hs;
        size_t n;
        while ((n = wsc_tls_pipe_take(c, buf, sizeof buf)) > 0) BIO_write(s->in, buf, (int)n);
        SSL_do_handshake(s->ssl);
        int moved = 0;
        int got;
        while ((got = BIO_read(s->out, buf, sizeof buf)) > 0) {
            assert_int_equal(wsc_tls_pipe_feed(c, buf, (size_t)got), 0);
            moved = 1;
        }
        if (hs == 1 && !moved) break;
    }
    return hs;
}

static wsc_tls_pipe *client(void **ctx, const char *ca, int insecure, const char *host)
{
    char err[300];
    wsc_tls_pipe *c = wsc_tls_pipe_new(ctx, ca, insecure, host, err, sizeof err);
    if (!c) fail_msg("%s", err);
    return c;
}

static void trusted_by_ca_and_data_both_ways(void **state)
{
    (void)state;
    void *ctx = NULL;
    server s;
    server_new(&s);
    wsc_tls_pipe *c = client(&ctx, CERT, 0, "127.0.0.1");
    char err[300] = "";
    assert_int_equal(pump(c, &s, err, sizeof err), 1);
    assert_int_equal(wsc_tls_pipe_write(c, "GET / HTTP/1.1\r\n\r\n", 18, err, sizeof err), 18);
    char buf[16384];
    size_t n = wsc_tls_pipe_take(c, buf, sizeof buf);
    assert_true(n > 18);   /* encrypted, with a record header */
    BIO_write(s.in, buf, (int)n);
    char plain[64];
    assert_int_equal(SSL_read(s.ssl, plain, sizeof plain), 18);
    assert_memory_equal(plain, "GET / HTTP/1.1\r\n\r\n", 18);
    assert_int_equal(SSL_write(s.ssl, "HTTP/1.1 204 No Content\r\n\r\n", 27), 27);
    int got;
    while ((got = BIO_read(s.out, buf, sizeof buf)) > 0) wsc_tls_pipe_feed(c, buf, (size_t)got);
    long r;
    size_t total = 0;
    while ((r = wsc_tls_pipe_read(c, plain + total, sizeof plain - total, err, sizeof err)) > 0) total += (size_t)r;
    assert_int_equal(r, 0);   /* nothing more yet */
    assert_int_equal(total, 27);
    assert_memory_equal(plain, "HTTP/1.1 204 No Content\r\n\r\n", 27);
    /* close_notify reads as -2. */
    SSL_shutdown(s.ssl);
    while ((got = BIO_read(s.out, buf, sizeof buf)) > 0) wsc_tls_pipe_feed(c, buf, (size_t)got);
    assert_int_equal(wsc_tls_pipe_read(c, plain, sizeof plain, err, sizeof err), -2);
    wsc_tls_pipe_free(c);
    server_free(&s);
    wsc_tls_ctx_free(ctx);
}

static void refused_without_trust_or_on_a_wrong_name(void **state)
{
    (void)state;
    char err[300] = "";
    void *system_ctx = NULL, *ca_ctx = NULL, *insecure_ctx = NULL;
    server s;

    server_new(&s);
    wsc_tls_pipe *c = client(&system_ctx, NULL, 0, "127.0.0.1");
    assert_int_equal(pump(c, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "TLS: certificate verify failed: "));
    assert_non_null(strstr(err, "(see --ca FILE, --insecure)"));
    wsc_tls_pipe_free(c);
    server_free(&s);

    server_new(&s);
    c = client(&ca_ctx, CERT, 0, "wrong.example");
    assert_int_equal(pump(c, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "certificate verify failed: hostname mismatch"));
    wsc_tls_pipe_free(c);
    server_free(&s);

    server_new(&s);
    c = client(&insecure_ctx, NULL, 1, "wrong.example");
    assert_int_equal(pump(c, &s, err, sizeof err), 1);
    wsc_tls_pipe_free(c);
    server_free(&s);

    void *bad_ctx = NULL;
    assert_null(wsc_tls_pipe_new(&bad_ctx, WSC_TEST_OUT "/no-such-ca.pem", 0, "127.0.0.1", err, sizeof err));
    assert_non_null(strstr(err, "cannot load the CA file"));
    wsc_tls_ctx_free(system_ctx);
    wsc_tls_ctx_free(ca_ctx);
    wsc_tls_ctx_free(insecure_ctx);
}

static int make_cert(void **state)
{
    (void)state;
    mkdir(WSC_TEST_OUT, 0755);
    return peer_make_cert(CERT, KEY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trusted_by_ca_and_data_both_ways),
        cmocka_unit_test(refused_without_trust_or_on_a_wrong_name),
    };
    return cmocka_run_group_tests(tests, make_cert, NULL);
}

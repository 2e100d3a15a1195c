#include "tls_cert.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static int add_ext(X509 *x, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return -1;
    int ok = X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    return ok ? 0 : -1;
}

static X509 *make_cert(EVP_PKEY *key)
{
    X509 *x = X509_new();
    if (!x)
        return NULL;
    unsigned char serial[8];
    if (RAND_bytes(serial, sizeof serial) != 1)
        goto fail;
    serial[0] &= 0x7f; /* positive */
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
    if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x))) {
        BN_free(bn);
        goto fail;
    }
    BN_free(bn);
    X509_NAME *name = X509_get_subject_name(x);
    if (!X509_set_version(x, 2) || !X509_gmtime_adj(X509_getm_notBefore(x), -300) ||
        !X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600) || !X509_set_pubkey(x, key) ||
        !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0) ||
        !X509_set_issuer_name(x, name))
        goto fail;
    /* Self-signed and marked as a CA so that clients can use it as their trust anchor. */
    if (add_ext(x, NID_basic_constraints, "critical,CA:TRUE") ||
        add_ext(x, NID_key_usage, "critical,digitalSignature,keyCertSign") ||
        add_ext(x, NID_subject_key_identifier, "hash") ||
        add_ext(x, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"))
        goto fail;
    if (!X509_sign(x, key, EVP_sha256()))
        goto fail;
    return x;
fail:
    X509_free(x);
    return NULL;
}

static FILE *open_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f)
        close(fd);
    return f;
}

int wsrv_tls_generate(wsrv_tls_files *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 200)
        tmp = "/tmp";
    char dir[256];
    snprintf(dir, sizeof dir, "%s/wsconf-server-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        snprintf(err, errlen, "cannot create a folder for the TLS certificate in %s: %s", tmp, strerror(errno));
        return -1;
    }
    strcpy(f->dir, dir);
    snprintf(f->cert, sizeof f->cert, "%s/cert.pem", dir);
    snprintf(f->key, sizeof f->key, "%s/key.pem", dir);

    int rc = -1;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = key ? make_cert(key) : NULL;
    FILE *kf = x ? open_private(f->key) : NULL;
    FILE *cf = kf ? open_private(f->cert) : NULL;
    if (cf && PEM_write_PrivateKey(kf, key, NULL, NULL, 0, NULL, NULL) && PEM_write_X509(cf, x))
        rc = 0;
    if (kf && fclose(kf) != 0)
        rc = -1;
    if (cf && fclose(cf) != 0)
        rc = -1;
    if (rc != 0) {
        unsigned long e = ERR_get_error();
        snprintf(err, errlen, "cannot generate a TLS certificate: %s",
                 e ? ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "OpenSSL error" : strerror(errno));
        wsrv_tls_remove(f);
    }
    X509_free(x);
    EVP_PKEY_free(key);
    return rc;
}

void wsrv_tls_remove(wsrv_tls_files *f)
{
    if (!f->dir[0])
        return;
    unlink(f->cert);
    unlink(f->key);
    rmdir(f->dir);
    memset(f, 0, sizeof *f);
}

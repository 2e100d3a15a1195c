/* A throw-away TLS identity for vhosts that ask for TLS when no --tls-cert is given: a
 * self-signed EC P-256 certificate for localhost and 127.0.0.1, valid for one day, written
 * with its key into a private temporary folder that is removed at exit. */
#ifndef WSRV_TLS_CERT_H
#define WSRV_TLS_CERT_H

#include <stddef.h>

typedef struct wsrv_tls_files {
    char dir[256];   /* "" until generated */
    char cert[300];  /* dir/cert.pem: also the CA a client must trust */
    char key[300];   /* dir/key.pem (mode 0600) */
} wsrv_tls_files;

/* Generates the key and certificate. Returns 0, or -1 with a message in err. */
int wsrv_tls_generate(wsrv_tls_files *f, char *err, size_t errlen);
/* Removes the files and the folder (harmless when nothing was generated). */
void wsrv_tls_remove(wsrv_tls_files *f);

#endif

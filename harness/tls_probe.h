/* Whether a local port speaks TLS: the bundled server's ready line gives ports, and a CA
 * when some vhost uses TLS, but not which ones do. */
#ifndef WSC_TLS_PROBE_H
#define WSC_TLS_PROBE_H

/* Tries a TLS handshake (no verification) with 127.0.0.1:port: 1 when the peer completes
 * it, 0 when it does not (plain HTTP answers, closes or stays silent), -1 when the port
 * cannot be reached. Waits at most timeout_s. */
int wsc_tls_probe(int port, double timeout_s);

#endif

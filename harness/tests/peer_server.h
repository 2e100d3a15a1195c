/* A small HTTP/1.1 and WebSocket server for the runner's own end-to-end tests, written
 * on plain sockets so that the tests depend on nothing else in the project. One process
 * per connection (fork), so slow routes never hold up other scenarios. Routes are
 * documented in peer_server.c. */
#ifndef WSC_PEER_SERVER_H
#define WSC_PEER_SERVER_H

#include <sys/types.h>

/* Listens on 127.0.0.1 (ephemeral port), forks the accept loop; returns its pid and the
 * port, or -1. */
pid_t peer_server_start(int *port);
/* The same over TLS with the given PEM certificate and key. */
pid_t peer_server_start_tls(int *port, const char *cert, const char *key);
/* Writes a self-signed certificate for 127.0.0.1 and localhost (valid one hour, usable as
 * its own CA) and its key. 0 or -1. */
int peer_make_cert(const char *cert_path, const char *key_path);
/* Stops the accept loop and its connection processes. */
void peer_server_stop(pid_t pid);

#endif

/* The running server: one lws context, one vhost per served dialect, the ready line,
 * signal handling and orderly shutdown. */
#ifndef WSRV_SERVER_H
#define WSRV_SERVER_H

#include "server_cli.h"

/* Runs the dialects of dialects.c until SIGINT/SIGTERM. Returns the process exit status
 * (0, 1 runtime, 2 config). */
int wsrv_server_run(const wsrv_cli *cli);

/* The same with another dialect list (tests serve dialects of their own). cli->serve,
 * cli->port and cli->profile are indexed by position in dialects. */
int wsrv_server_run_dialects(const wsrv_cli *cli, const wsrv_dialect *const *dialects, size_t count);

#endif

/* The running server: one lws context, one vhost per served dialect, the ready line,
 * signal handling and orderly shutdown. */
#ifndef WSRV_SERVER_H
#define WSRV_SERVER_H

#include "server_cli.h"

/* Runs until SIGINT/SIGTERM. Returns the process exit status (0, 1 runtime, 2 config). */
int wsrv_server_run(const wsrv_cli *cli);

#endif

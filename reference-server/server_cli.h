/* Command-line parsing for wsconf-server: pure (no I/O besides the result), so every
 * usage error is unit-tested. */
#ifndef WSRV_SERVER_CLI_H
#define WSRV_SERVER_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "faults.h"
#include "log.h"
#include "server_internal.h"

typedef enum {
    WSRV_CLI_RUN,
    WSRV_CLI_HELP,
    WSRV_CLI_VERSION,
    WSRV_CLI_LIST_FAULTS,
    WSRV_CLI_LIST_DIALECTS,
} wsrv_cli_action;

typedef struct wsrv_cli {
    wsrv_cli_action action;
    bool serve[WSRV_MAX_VHOSTS];     /* by index in wsrv_dialects; all when no --dialect */
    bool ports_auto;
    int port[WSRV_MAX_VHOSTS];       /* -1: the dialect's default port */
    uint64_t seed;                   /* default 1 */
    mock_fault_set faults;
    const char *config_path;         /* NULL: embedded defaults (points into argv) */
    const char *listen_addr;         /* IPv4 address to bind; default "127.0.0.1" */
    size_t max_message_size;         /* default 1048576 */
    wsrv_log_level log_level;        /* default warn */
    const char *tls_cert;            /* --tls-cert FILE (PEM) for TLS vhosts; NULL: generated at start */
    const char *tls_key;             /* --tls-key FILE (PEM); given together with tls_cert */
    const char *profile[WSRV_MAX_VHOSTS]; /* --profile API=NAME by dialect index; NULL: the API's default */
} wsrv_cli;

#define WSRV_DEFAULT_MAX_MESSAGE_SIZE 1048576u

/* Parses argv into *cli. Returns 0, or 2 (usage error) with a one-line message in err. */
int wsrv_cli_parse(int argc, char **argv, wsrv_cli *cli, char *err, size_t errlen);
/* The --help text. */
extern const char wsrv_cli_usage[];

#endif

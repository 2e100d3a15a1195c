/* Starting and stopping the bundled reference server (wsconf-server). */
#ifndef WSC_SERVER_LAUNCH_H
#define WSC_SERVER_LAUNCH_H

#include <stddef.h>
#include <sys/types.h>

typedef struct {
    char *api;    /* owned */
    int port;
    int tls;      /* the ready line lists the API under "tls": reach it at wss:// */
} wsc_server_port;

typedef struct {
    pid_t pid;               /* 0 when not running */
    wsc_server_port *ports;  /* owned, from the ready line */
    size_t n_ports;
    char *ca;                /* owned; the ready line's "ca" (CA file for its TLS vhosts), or NULL */
    int tls_listed;          /* the ready line has a "tls" list (else TLS ports are probed) */
} wsc_server;

/* Parses the ready line: {"ready":true,"ports":{"api":port,...}, "ca":"PATH"?,
 * "tls":["api",...]?}. 0, or -1 with a message. */
int wsc_server_parse_ready(wsc_server *s, const char *line, char *err, size_t errlen);
/* Writes the path of wsconf-server beside the running binary into buf; 0 or -1. */
int wsc_server_default_path(char *buf, size_t len);
/* Starts `binary --ports auto --seed N [--fault F] [extra...]` (extra: NULL-terminated,
 * may be NULL), its stderr appended to log_path, and waits up to timeout_s for its ready
 * line. 0, or -1 with a message (the server is stopped again). */
int wsc_server_start(wsc_server *s, const char *binary, unsigned long long seed, const char *fault,
                     const char *const *extra, const char *log_path, double timeout_s, char *err, size_t errlen);
/* SIGTERM, wait up to 3 s, then SIGKILL; reaps the process and frees s's members. */
void wsc_server_stop(wsc_server *s);
/* Runs `binary arg` and returns its stdout (caller frees), or NULL with a message
 * when it cannot run or exits non-zero. */
char *wsc_server_capture(const char *binary, const char *arg, char *err, size_t errlen);

#endif

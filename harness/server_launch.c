/* Starting and stopping the bundled reference server (see server_launch.h). */
#include "server_launch.h"
#include "ws_client.h"
#include "tls_probe.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int wsc_server_default_path(char *buf, size_t len)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return -1;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash) return -1;
    *slash = '\0';
    if ((size_t)snprintf(buf, len, "%s/wsconf-server", self) >= len) return -1;
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Reaps pid, waiting up to ms; returns 1 when it is gone. */
static int reap(pid_t pid, long ms)
{
    for (long waited = 0;; waited += 20) {
        pid_t r = waitpid(pid, NULL, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD)) return 1;
        if (waited >= ms) return 0;
        sleep_ms(20);
    }
}

void wsc_server_stop(wsc_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        if (!reap(s->pid, 3000)) {
            kill(s->pid, SIGKILL);
            reap(s->pid, 3000);
        }
    }
    for (size_t i = 0; i < s->n_ports; i++) free(s->ports[i].api);
    free(s->ports);
    free(s->ca);
    memset(s, 0, sizeof *s);
}

int wsc_server_parse_ready(wsc_server *s, const char *line, char *err, size_t errlen)
{
    cJSON *j = cJSON_Parse(line);
    cJSON *ready = j ? cJSON_GetObjectItemCaseSensitive(j, "ready") : NULL;
    cJSON *ports = j ? cJSON_GetObjectItemCaseSensitive(j, "ports") : NULL;
    if (!cJSON_IsTrue(ready) || !cJSON_IsObject(ports)) {
        snprintf(err, errlen, "the server's first line is not a ready line: %.200s", line);
        cJSON_Delete(j);
        return -1;
    }
    cJSON *ca = cJSON_GetObjectItemCaseSensitive(j, "ca");
    cJSON *tls = cJSON_GetObjectItemCaseSensitive(j, "tls");
    s->tls_listed = cJSON_IsArray(tls);
    if (cJSON_IsString(ca) && ca->valuestring[0]) s->ca = strdup(ca->valuestring);
    size_t n = (size_t)cJSON_GetArraySize(ports);
    s->ports = calloc(n ? n : 1, sizeof *s->ports);
    for (cJSON *p = ports->child; p && s->ports; p = p->next) {
        if (!cJSON_IsNumber(p) || !p->string) continue;
        wsc_server_port *sp = &s->ports[s->n_ports];
        sp->api = strdup(p->string);
        sp->port = p->valueint;
        for (cJSON *t = cJSON_IsArray(tls) ? tls->child : NULL; t; t = t->next)
            if (cJSON_IsString(t) && strcmp(t->valuestring, p->string) == 0) sp->tls = 1;
        s->n_ports++;
    }
    cJSON_Delete(j);
    return 0;
}

int wsc_server_start(wsc_server *s, const char *binary, unsigned long long seed, const char *fault,
                     const char *const *extra, const char *log_path, double timeout_s, char *err, size_t errlen)
{
    size_t n_extra = 0;
    while (extra && extra[n_extra]) n_extra++;
    memset(s, 0, sizeof *s);
    if (access(binary, X_OK) != 0) {
        snprintf(err, errlen, "cannot run the reference server %s: %s (build it, or use --server PATH or --target)",
                 binary, strerror(errno));
        return -1;
    }
    int out[2];
    if (pipe(out) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    int logfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    char seedbuf[32];
    snprintf(seedbuf, sizeof seedbuf, "%llu", seed);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        close(out[0]);
        close(out[1]);
        if (logfd >= 0) close(logfd);
        return -1;
    }
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        if (logfd >= 0) dup2(logfd, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        const char **argv = calloc(8 + n_extra, sizeof *argv);
        if (!argv) _exit(127);
        size_t a = 0;
        argv[a++] = binary;
        argv[a++] = "--ports";
        argv[a++] = "auto";
        argv[a++] = "--seed";
        argv[a++] = seedbuf;
        if (fault) {
            argv[a++] = "--fault";
            argv[a++] = fault;
        }
        for (size_t i = 0; i < n_extra; i++) argv[a++] = extra[i];
        execv(binary, (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    if (logfd >= 0) close(logfd);
    s->pid = pid;

    char line[4096];
    size_t n = 0;
    double deadline = wsc_now() + timeout_s;
    int rc = -1;
    snprintf(err, errlen, "the server did not print its ready line within %gs (see %s)", timeout_s, log_path);
    for (;;) {
        double left = deadline - wsc_now();
        if (left <= 0) break;
        struct pollfd pfd = { out[0], POLLIN, 0 };
        int pr = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break;
        ssize_t got = read(out[0], line + n, sizeof line - 1 - n);
        if (got <= 0) {
            int status = 0;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                s->pid = 0;
                snprintf(err, errlen, "the server exited (status %d) before it was ready (see %s)",
                         WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), log_path);
            } else {
                snprintf(err, errlen, "the server closed its stdout before it was ready (see %s)", log_path);
            }
            break;
        }
        n += (size_t)got;
        line[n] = '\0';
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            rc = wsc_server_parse_ready(s, line, err, errlen);
            /* A CA without the list of TLS vhosts: find them by trying a handshake. */
            for (size_t i = 0; rc == 0 && s->ca && !s->tls_listed && i < s->n_ports; i++)
                s->ports[i].tls = wsc_tls_probe(s->ports[i].port, 1) == 1;
            break;
        }
        if (n == sizeof line - 1) {
            snprintf(err, errlen, "the server's ready line is too long");
            break;
        }
    }
    /* The server writes nothing else to stdout; closing the pipe is safe either way. */
    close(out[0]);
    if (rc != 0) wsc_server_stop(s);
    return rc;
}

char *wsc_server_capture(const char *binary, const char *arg, char *err, size_t errlen)
{
    int out[2];
    if (pipe(out) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        close(out[0]);
        close(out[1]);
        return NULL;
    }
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(binary, binary, arg, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) break;
        if (n + 1024 > cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        ssize_t got = read(out[0], buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        n += (size_t)got;
    }
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    buf[n] = '\0';
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "%s %s failed (exit status %d)", binary, arg,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        free(buf);
        return NULL;
    }
    return buf;
}

/* The end-to-end peer (see peer_server.h). Routes (the same over TLS):
 *   ANY  /echo...        200 JSON {method, target, headers{lowercased}, body_len, body_sha256}
 *   GET  /big?n=N        200, N bytes of crypto.seeded_bytes(1, "big", N), Content-Length
 *   GET  /chunked        200 chunked "hello, world" with two Set-Cookie headers
 *   GET  /text           200 text/plain "{not json"
 *   GET  /slow           never answers
 *   GET  /close          closes without answering
 *   GET  /ws (Upgrade)   WebSocket: answers a Ping with a Pong of the same payload; a text
 *                        message "fragments" is answered by "abcdef" sent as three frames
 *                        ("ab", "cd", "ef"), "fragments-empty" by the binary "xy" as three
 *                        frames ("", "xy", ""); any other message by the JSON
 *                        {"echo": <text>, "frames": <frames it arrived in>, "binary": bool}. */
#include "peer_server.h"
#include "wsc_crypto.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* The TLS session of this connection process (each connection has its own process). */
static SSL *io_ssl;

static ssize_t io_read(int fd, void *buf, size_t len)
{
    if (io_ssl) {
        int n = SSL_read(io_ssl, buf, (int)len);
        return n > 0 ? n : -1;
    }
    return read(fd, buf, len);
}

static ssize_t io_write(int fd, const void *buf, size_t len)
{
    if (io_ssl) {
        int n = SSL_write(io_ssl, buf, (int)len);
        return n > 0 ? n : -1;
    }
    return write(fd, buf, len);
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t n = io_write(fd, p, len);
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int read_exact(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len) {
        ssize_t n = io_read(fd, p, len);
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads the request head (up to the blank line) into buf; returns its length or -1. */
static ssize_t read_head(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        if (io_read(fd, buf + n, 1) != 1) return -1;
        n++;
        buf[n] = '\0';
        if (n >= 4 && memcmp(buf + n - 4, "\r\n\r\n", 4) == 0) return (ssize_t)n;
    }
    return -1;
}

static const char *header(const char *head, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *l = strstr(head, "\r\n"); l && l[2]; l = strstr(l + 2, "\r\n")) {
        const char *line = l + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') v++;
            const char *end = strstr(v, "\r\n");
            size_t len = (size_t)(end - v);
            if (len >= cap) len = cap - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
    }
    return NULL;
}

static void respond(int fd, const char *status, const char *extra, const char *body, size_t len)
{
    char head[1024];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Length: %zu\r\n%s\r\n", status, len, extra);
    write_all(fd, head, (size_t)n);
    write_all(fd, body, len);
}

static void json_string(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    out[o++] = '"';
    for (; *s && o + 8 < cap; s++) {
        if ((unsigned char)*s < 0x20) {  /* escaped, so the echo keeps control bytes */
            o += (size_t)snprintf(out + o, cap - o, "\\u%04x", (unsigned char)*s);
            continue;
        }
        if (*s == '"' || *s == '\\') out[o++] = '\\';
        out[o++] = *s;
    }
    out[o++] = '"';
    out[o] = '\0';
}

static void route_echo(int fd, const char *head)
{
    char method[16] = "", target[1024] = "";
    sscanf(head, "%15s %1023s", method, target);
    char cl[32];
    size_t body_len = header(head, "Content-Length", cl, sizeof cl) ? strtoul(cl, NULL, 10) : 0;
    char *body = malloc(body_len + 1);
    if (!body || read_exact(fd, body, body_len)) return;
    unsigned char digest[32];
    char hex[65];
    wsc_sha256(body, body_len, digest);
    wsc_hex(digest, 32, hex);
    free(body);
    char *out = malloc(65536);
    size_t o = 0;
    char js[2048], jv[2048];
    json_string(js, sizeof js, method);
    json_string(jv, sizeof jv, target);
    o += (size_t)snprintf(out + o, 65536 - o, "{\"method\":%s,\"target\":%s,\"body_len\":%zu,\"body_sha256\":\"%s\",\"headers\":{",
                          js, jv, body_len, hex);
    int first = 1;
    for (const char *l = strstr(head, "\r\n"); l && l[2] && l[2] != '\r'; l = strstr(l + 2, "\r\n")) {
        const char *line = l + 2, *colon = strchr(line, ':'), *end = strstr(line, "\r\n");
        if (!colon || colon > end) continue;
        char name[256], value[1024];
        size_t nl = (size_t)(colon - line) < sizeof name - 1 ? (size_t)(colon - line) : sizeof name - 1;
        for (size_t i = 0; i < nl; i++) name[i] = (char)((line[i] >= 'A' && line[i] <= 'Z') ? line[i] + 32 : line[i]);
        name[nl] = '\0';
        const char *v = colon + 1;
        while (*v == ' ') v++;
        size_t vl = (size_t)(end - v) < sizeof value - 1 ? (size_t)(end - v) : sizeof value - 1;
        memcpy(value, v, vl);
        value[vl] = '\0';
        json_string(js, sizeof js, name);
        json_string(jv, sizeof jv, value);
        o += (size_t)snprintf(out + o, 65536 - o, "%s%s:%s", first ? "" : ",", js, jv);
        first = 0;
    }
    o += (size_t)snprintf(out + o, 65536 - o, "}}");
    respond(fd, "200 OK", "Content-Type: application/json\r\n", out, o);
    free(out);
}

static void route_big(int fd, const char *target)
{
    const char *q = strstr(target, "n=");
    size_t n = q ? strtoul(q + 2, NULL, 10) : 0;
    unsigned char *buf = malloc(n ? n : 1);
    if (!buf || wsc_seeded_bytes("1", 1, "big", 3, buf, n)) return;
    respond(fd, "200 OK", "Content-Type: application/octet-stream\r\n", (const char *)buf, n);
    free(buf);
}

static void route_chunked(int fd)
{
    const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n"
                    "Set-Cookie: sid=s3cr3t; Path=/; HttpOnly\r\nSet-Cookie: theme = dark \r\n\r\n"
                    "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
    write_all(fd, r, strlen(r));
}

/* Sends one unmasked frame. */
static int ws_send(int fd, int fin, int opcode, const char *data, size_t len)
{
    unsigned char h[10];
    size_t hl = 2;
    h[0] = (unsigned char)((fin ? 0x80 : 0) | opcode);
    if (len < 126) h[1] = (unsigned char)len;
    else {
        h[1] = 126;
        h[2] = (unsigned char)(len >> 8);
        h[3] = (unsigned char)len;
        hl = 4;
    }
    if (write_all(fd, h, hl)) return -1;
    return write_all(fd, data, len);
}

static void serve_ws(int fd, const char *head)
{
    char key[128];
    if (!header(head, "Sec-WebSocket-Key", key, sizeof key)) return;
    char cat[256];
    snprintf(cat, sizeof cat, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    unsigned char sha[SHA_DIGEST_LENGTH];
    SHA1((const unsigned char *)cat, strlen(cat), sha);
    char accept[64];
    wsc_base64(sha, sizeof sha, 0, accept);
    char resp[300];
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    if (write_all(fd, resp, (size_t)n)) return;
    char *msg = NULL;
    size_t msg_len = 0;
    int frames = 0, msg_binary = 0;
    for (;;) {
        unsigned char h[2];
        if (read_exact(fd, h, 2)) break;
        int fin = h[0] & 0x80, opcode = h[0] & 15;
        uint64_t len = h[1] & 127;
        if (len == 126) {
            unsigned char e[2];
            if (read_exact(fd, e, 2)) break;
            len = (uint64_t)e[0] << 8 | e[1];
        } else if (len == 127) {
            unsigned char e[8];
            if (read_exact(fd, e, 8)) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = len << 8 | e[i];
        }
        unsigned char mask[4] = { 0, 0, 0, 0 };
        if ((h[1] & 0x80) && read_exact(fd, mask, 4)) break;
        if (len > (64u << 20)) break;
        char *p = malloc((size_t)len + 1);
        if (!p || read_exact(fd, p, (size_t)len)) {
            free(p);
            break;
        }
        for (uint64_t i = 0; i < len; i++) p[i] ^= (char)mask[i & 3];
        if (opcode == 9) {
            ws_send(fd, 1, 10, p, (size_t)len);
        } else if (opcode == 8) {
            ws_send(fd, 1, 8, p, len >= 2 ? 2 : 0);
            free(p);
            break;
        } else if (opcode <= 2) {
            if (opcode) {
                msg_len = 0;
                frames = 0;
                msg_binary = opcode == 2;
            }
            char *grown = realloc(msg, msg_len + (size_t)len + 1);
            if (!grown) {
                free(p);
                break;
            }
            msg = grown;
            memcpy(msg + msg_len, p, (size_t)len);
            msg_len += (size_t)len;
            msg[msg_len] = '\0';
            frames++;
            if (fin) {
                if (!msg_binary && strcmp(msg, "fragments") == 0) {
                    ws_send(fd, 0, 1, "ab", 2);
                    ws_send(fd, 0, 0, "cd", 2);
                    ws_send(fd, 1, 0, "ef", 2);
                } else if (!msg_binary && strcmp(msg, "fragments-empty") == 0) {
                    ws_send(fd, 0, 2, "", 0);
                    ws_send(fd, 0, 0, "xy", 2);
                    ws_send(fd, 1, 0, "", 0);
                } else {
                    char out[1200], esc[1100];
                    json_string(esc, sizeof esc, msg_binary ? "" : msg);
                    int o = snprintf(out, sizeof out, "{\"echo\":%s,\"frames\":%d,\"binary\":%s,\"len\":%zu}", esc,
                                     frames, msg_binary ? "true" : "false", msg_len);
                    ws_send(fd, 1, 1, out, (size_t)o);
                }
            }
        }
        free(p);
    }
    free(msg);
}

static void serve(int fd)
{
    char head[16384];
    if (read_head(fd, head, sizeof head) < 0) return;
    char method[16] = "", target[1024] = "", up[64];
    sscanf(head, "%15s %1023s", method, target);
    if (header(head, "Upgrade", up, sizeof up) && strcmp(target, "/ws") == 0) serve_ws(fd, head);
    else if (strncmp(target, "/echo", 5) == 0) route_echo(fd, head);
    else if (strncmp(target, "/big", 4) == 0) route_big(fd, target);
    else if (strcmp(target, "/chunked") == 0) route_chunked(fd);
    else if (strcmp(target, "/text") == 0) respond(fd, "200 OK", "Content-Type: text/plain\r\n", "{not json", 9);
    else if (strcmp(target, "/slow") == 0) sleep(30);
    else if (strcmp(target, "/close") == 0) return;
    else respond(fd, "404 Not Found", "", "", 0);
}

static pid_t start(int *port, SSL_CTX *tls)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0) return -1;
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 64) || getsockname(ls, (struct sockaddr *)&a, &al)) {
        close(ls);
        return -1;
    }
    *port = ntohs(a.sin_port);
    pid_t pid = fork();
    if (pid != 0) {
        close(ls);
        return pid;
    }
    setpgid(0, 0);   /* one group: stopping it stops the connection processes too */
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    alarm(120);      /* never outlive a hung test */
    for (;;) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) continue;
        if (fork() == 0) {
            close(ls);
            if (tls) {
                io_ssl = SSL_new(tls);
                SSL_set_fd(io_ssl, fd);
                if (SSL_accept(io_ssl) != 1) _exit(0);
            }
            serve(fd);
            if (io_ssl) SSL_shutdown(io_ssl);
            close(fd);
            _exit(0);
        }
        close(fd);
    }
}

pid_t peer_server_start(int *port)
{
    return start(port, NULL);
}

pid_t peer_server_start_tls(int *port, const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        SSL_CTX_free(ctx);
        return -1;
    }
    pid_t pid = start(port, ctx);
    SSL_CTX_free(ctx);
    return pid;
}

int peer_make_cert(const char *cert_path, const char *key_path)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    int ok = key && x;
    if (ok) {
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -60);
        X509_gmtime_adj(X509_getm_notAfter(x), 3600);
        X509_set_pubkey(x, key);
        X509_NAME *name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
        X509_set_issuer_name(x, name);
        X509V3_CTX v3;
        X509V3_set_ctx_nodb(&v3);
        X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
        X509_EXTENSION *san = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
        X509_EXTENSION *bc = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
        ok = san && bc && X509_add_ext(x, san, -1) && X509_add_ext(x, bc, -1) && X509_sign(x, key, EVP_sha256());
        X509_EXTENSION_free(san);
        X509_EXTENSION_free(bc);
    }
    FILE *c = ok ? fopen(cert_path, "w") : NULL;
    FILE *k = c ? fopen(key_path, "w") : NULL;
    if (k) ok = PEM_write_X509(c, x) && PEM_write_PrivateKey(k, key, NULL, NULL, 0, NULL, NULL);
    else ok = 0;
    if (c) fclose(c);
    if (k) fclose(k);
    X509_free(x);
    EVP_PKEY_free(key);
    return ok ? 0 : -1;
}

void peer_server_stop(pid_t pid)
{
    if (pid <= 0) return;
    kill(-pid, SIGTERM);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

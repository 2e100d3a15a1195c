/* The raw WebSocket connection end to end (t:raw_ws in fixtures_raw/), against a peer
 * written here on plain sockets that sends exactly the bytes each route needs: frames
 * split across writes (partial reads), fragments, extended lengths, a masked server
 * frame, a hostile 2^40-byte length, a wrong Sec-WebSocket-Accept, a refusal with a
 * body, and a route that reports every frame header it received (what the client put on
 * the wire). Then wss:// against the TLS peer of peer_server.c, trusted and untrusted. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "peer_server.h"
#include "raw_ws.h"
#include "raw_ws_frame.h"
#include "runner.h"
#include "run_expect.h"

static void write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) return;
        p += n;
        len -= (size_t)n;
    }
}

static void pause_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

static void send_frame(int fd, int fin, int opcode, const unsigned char *mask, const void *data, size_t len)
{
    unsigned char *buf = malloc(wsc_raw_frame_size(len, mask != NULL));
    size_t n = wsc_raw_frame_encode(buf, fin, 0, opcode, mask, data, len);
    write_all(fd, buf, n);
    free(buf);
}

/* Reads the request head; returns its length or -1. */
static int read_head(int fd, char *buf, size_t cap)
{
    size_t have = 0;
    while (have + 1 < cap) {
        ssize_t n = read(fd, buf + have, 1);
        if (n <= 0) return -1;
        have++;
        buf[have] = 0;
        if (have >= 4 && memcmp(buf + have - 4, "\r\n\r\n", 4) == 0) return (int)have;
    }
    return -1;
}

static void header_value(const char *head, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    const char *p = strcasestr(head, name);
    if (!p) return;
    p += strlen(name);
    while (*p == ':' || *p == ' ') p++;
    size_t n = strcspn(p, "\r\n");
    snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
}

static void answer_101(int fd, const char *head, int correct)
{
    char key[100], acc[29], resp[300];
    header_value(head, "Sec-WebSocket-Key", key, sizeof key);
    wsc_raw_accept_for(key, acc);
    snprintf(resp, sizeof resp,
             "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Accept: %s\r\nX-Version-Seen: %s\r\n\r\n",
             correct ? acc : "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", strstr(head, "Sec-WebSocket-Version: 8") ? "8" : "13");
    write_all(fd, resp, strlen(resp));
}

/* /script: everything the client must reassemble from pieces. */
static void serve_script(int fd)
{
    /* "Hello" as two fragments, the first header split byte by byte across writes. */
    unsigned char frag[16];
    size_t n = wsc_raw_frame_encode(frag, 0, 0, WSC_RAW_OP_TEXT, NULL, "Hel", 3);
    for (size_t i = 0; i < n; i++) {
        write_all(fd, frag + i, 1);
        pause_ms(5);
    }
    send_frame(fd, 0, WSC_RAW_OP_CONTINUATION, NULL, "l", 1);
    send_frame(fd, 1, WSC_RAW_OP_PING, NULL, "mid", 3);   /* a control frame between fragments */
    send_frame(fd, 1, WSC_RAW_OP_CONTINUATION, NULL, "o", 1);
    unsigned char b256[256], *big = malloc(70000);
    for (int i = 0; i < 256; i++) b256[i] = (unsigned char)i;
    for (int i = 0; i < 70000; i++) big[i] = (unsigned char)(i * 7);
    send_frame(fd, 1, WSC_RAW_OP_BINARY, NULL, b256, sizeof b256);
    send_frame(fd, 1, WSC_RAW_OP_BINARY, NULL, big, 70000);
    free(big);
    static const unsigned char key[4] = { 1, 2, 3, 4 };
    send_frame(fd, 1, WSC_RAW_OP_TEXT, key, "masked by the server", 20);
    unsigned char close[7] = { 0x03, 0xE8, 'd', 'o', 'n', 'e', 0 };
    send_frame(fd, 1, WSC_RAW_OP_CLOSE, NULL, close, 6);
    pause_ms(50);
}

/* /report: answers each frame with a text frame "op=N fin=F rsv=R masked=M len=L key=HEX payload=HEX(first 8)"
 * until a Close, which it answers with a Close without payload. */
static void serve_report(int fd)
{
    unsigned char buf[1 << 17];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n <= 0) return;
        have += (size_t)n;
        wsc_raw_head h;
        char err[100];
        while (wsc_raw_frame_parse_head(buf, have, &h, err, sizeof err) == 1 && have >= h.head_len + h.len) {
            unsigned char *p = buf + h.head_len;
            if (h.masked) wsc_raw_mask(p, (size_t)h.len, h.mask, 0);
            char line[200];
            int k = snprintf(line, sizeof line, "op=%d fin=%d rsv=%d masked=%d len=%llu head=%zu payload=", h.opcode, h.fin,
                             h.rsv, h.masked, (unsigned long long)h.len, h.head_len);
            for (size_t i = 0; i < h.len && i < 8; i++) k += snprintf(line + k, sizeof line - (size_t)k, "%02x", p[i]);
            int was_close = h.opcode == WSC_RAW_OP_CLOSE;
            send_frame(fd, 1, WSC_RAW_OP_TEXT, NULL, line, (size_t)k);
            memmove(buf, buf + h.head_len + h.len, have - h.head_len - (size_t)h.len);
            have -= h.head_len + (size_t)h.len;
            if (was_close) {
                send_frame(fd, 1, WSC_RAW_OP_CLOSE, NULL, "", 0);
                return;
            }
        }
    }
}

static void serve(int fd)
{
    char head[8192];
    if (read_head(fd, head, sizeof head) < 0) return;
    if (strncmp(head, "GET /refuse", 11) == 0) {
        const char *r = "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nX-Why: test\r\n\r\nnope";
        write_all(fd, r, strlen(r));
    } else if (strncmp(head, "GET /bad-accept", 15) == 0) {
        answer_101(fd, head, 0);
    } else if (strncmp(head, "GET /hostile", 12) == 0) {
        answer_101(fd, head, 1);
        static const unsigned char huge[] = { 0x82, 0x7F, 0, 0, 0x01, 0, 0, 0, 0, 0 };
        write_all(fd, huge, sizeof huge);
        pause_ms(300);
    } else if (strncmp(head, "GET /script", 11) == 0) {
        answer_101(fd, head, 1);
        serve_script(fd);
    } else if (strncmp(head, "GET /report", 11) == 0) {
        answer_101(fd, head, 1);
        serve_report(fd);
    } else if (strncmp(head, "GET /close-at-once", 18) == 0) {
        /* After the 101 has been read: a Close and the end of TCP together. */
        answer_101(fd, head, 1);
        pause_ms(100);
        unsigned char bye[2] = { 0x03, 0xE8 };
        send_frame(fd, 1, WSC_RAW_OP_CLOSE, NULL, bye, 2);
    } else if (strncmp(head, "GET /silent", 11) == 0) {
        answer_101(fd, head, 1);
        char b[100];
        while (read(fd, b, sizeof b) > 0) continue;   /* until the client drops TCP */
    }
}

static pid_t start_peer(int *port)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 16)) return -1;
    socklen_t al = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &al);
    *port = ntohs(a.sin_port);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGCHLD, SIG_IGN);
        for (;;) {
            int fd = accept(ls, NULL, NULL);
            if (fd < 0) continue;
            if (fork() == 0) {
                close(ls);
                serve(fd);
                close(fd);
                _exit(0);
            }
            close(fd);
        }
    }
    close(ls);
    return pid;
}

static void raw_fixtures(void **state)
{
    (void)state;
    int port = 0;
    pid_t peer = start_peer(&port);
    assert_true(peer > 0);
    char target[100];
    snprintf(target, sizeof target, "labgraph=ws://127.0.0.1:%d/", port);
    char *argv[] = { "wsconf", "run", "--out", WSC_TEST_OUT "/raw", "--target", target, "-j", "4",
                     WSC_TEST_FIXTURES_RAW, NULL };
    wsc_run *run = NULL;
    int rc = run_wsconf(argv, 0, &run);
    kill(peer, SIGKILL);
    waitpid(peer, NULL, 0);
    assert_int_equal(rc, 0);
    run_expect_verdict(run, "labgraph.raw.script", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.raw.frames", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.raw.wire", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.raw.close-at-once", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.raw.refused", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.raw.hostile", WSC_VERDICT_PASS, NULL);
    run_expect_verdict(run, "labgraph.raw.misuse", WSC_VERDICT_ERROR, "raw.lua:");
    run_expect_verdict(run, "labgraph.raw.misuse", WSC_VERDICT_ERROR, "r:send_frame: opcode must be");
    run_expect_verdict(run, "labgraph.raw.after-drop", WSC_VERDICT_ERROR, "r:send_frame after r:close_tcp()");
    run_expect_verdict(run, "labgraph.raw.transcript", WSC_VERDICT_FAIL, NULL);
    const char *tr = run_find(run, "labgraph.raw.transcript")->transcript;
    assert_non_null(tr);
    if (!strstr(tr, "raw frame ping (opcode 0x9) fin 1 rsv 0 unmasked, 2 bytes: 68 69") ||
        !strstr(tr, "raw frame close (opcode 0x8) fin 1 rsv 0 masked, 5 bytes: code 4001, reason bye") ||
        !strstr(tr, "raw upgrade GET /report"))
        fail_msg("transcript lacks the raw frames:\n%s", tr);
    wsc_run_free(run);
}

static wsc_run *run_tls(int port, const char *trust, const char *out)
{
    char target[100];
    snprintf(target, sizeof target, "labgraph=wss://127.0.0.1:%d/", port);
    char *argv[] = { "wsconf", "run", "--out", (char *)out, "--target", target, WSC_TEST_FIXTURES_RAW_TLS,
                     (char *)trust, NULL };
    wsc_run *run = NULL;
    assert_int_equal(run_wsconf(argv, 0, &run), 0);
    return run;
}

static void raw_over_tls(void **state)
{
    (void)state;
    const char *cert = WSC_TEST_OUT "/raw-peer-cert.pem", *key = WSC_TEST_OUT "/raw-peer-key.pem";
    mkdir(WSC_TEST_OUT, 0755);
    assert_int_equal(peer_make_cert(cert, key), 0);
    int port = 0;
    pid_t peer = peer_server_start_tls(&port, cert, key);
    assert_true(peer > 0);
    wsc_run *run = run_tls(port, "--ca=" WSC_TEST_OUT "/raw-peer-cert.pem", WSC_TEST_OUT "/raw-tls-ca");
    run_expect_verdict(run, "labgraph.rawtls.ping-close", WSC_VERDICT_PASS, NULL);
    wsc_run_free(run);
    run = run_tls(port, NULL, WSC_TEST_OUT "/raw-tls-untrusted");
    run_expect_verdict(run, "labgraph.rawtls.ping-close", WSC_VERDICT_ERROR, "certificate verify failed");
    wsc_run_free(run);
    peer_server_stop(peer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raw_fixtures),
        cmocka_unit_test(raw_over_tls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

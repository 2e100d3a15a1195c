/* The core on the wire: a server child process serves three test-only dialects
 * (wire_dialects.c) on ephemeral ports, and raw sockets check HTTP requests and
 * responses, the upgrade filter, subprotocol selection, Close answers, Ping/Pong,
 * fragmented sends, size limits, TLS with the generated certificate, --profile and
 * shutdown. Under ASan the child's exit status also proves it freed everything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "server.h"
#include "tls_cert.h"
#include "wire_client.h"
#include "wire_dialects.h"

static const wsrv_dialect *const wire_dialects[] = { &wire_full_dialect, &wire_bare_dialect, &wire_tls_dialect,
                                                      &wire_select_dialect };

typedef struct server_proc {
    pid_t pid;
    int full, bare, tls, sel; /* ports */
    char ca[512];
} server_proc;

static server_proc srv;

/* Forks a server. Returns 0 once its ready line is read, else the child's exit status
 * (or 100 when no ready line came). */
static int start_server(server_proc *sp, const char *full_profile, const char *cert, const char *key)
{
    memset(sp, 0, sizeof *sp);
    int fds[2];
    if (pipe(fds) != 0)
        return 100;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        wsrv_cli cli;
        memset(&cli, 0, sizeof cli);
        cli.action = WSRV_CLI_RUN;
        cli.serve[0] = cli.serve[1] = cli.serve[2] = cli.serve[3] = true;
        cli.ports_auto = true;
        for (int i = 0; i < WSRV_MAX_VHOSTS; i++)
            cli.port[i] = -1;
        cli.seed = 1;
        cli.listen_addr = "127.0.0.1";
        cli.max_message_size = 5000;
        cli.log_level = WSRV_LOG_ERROR;
        cli.profile[0] = full_profile;
        cli.tls_cert = cert;
        cli.tls_key = key;
        int rc = wsrv_server_run_dialects(&cli, wire_dialects, 4);
        fflush(stdout);
        exit(rc);
    }
    close(fds[1]);
    sp->pid = pid;
    char line[2048];
    size_t len = 0;
    struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
    while (len < sizeof line - 1 && (len == 0 || line[len - 1] != '\n')) {
        if (poll(&pfd, 1, 60000) <= 0)
            break;
        ssize_t n = read(fds[0], line + len, 1);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fds[0]);
    line[len] = '\0';
    cJSON *j = cJSON_Parse(line);
    cJSON *ports = cJSON_GetObjectItemCaseSensitive(j, "ports");
    cJSON *ca = cJSON_GetObjectItemCaseSensitive(j, "ca");
    if (!cJSON_IsObject(ports)) {
        cJSON_Delete(j);
        int status;
        if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
            return WEXITSTATUS(status);
        return 100;
    }
    sp->full = cJSON_GetObjectItemCaseSensitive(ports, "tfull")->valueint;
    sp->bare = cJSON_GetObjectItemCaseSensitive(ports, "tbare")->valueint;
    sp->tls = cJSON_GetObjectItemCaseSensitive(ports, "ttls")->valueint;
    sp->sel = cJSON_GetObjectItemCaseSensitive(ports, "tsel")->valueint;
    if (cJSON_IsString(ca))
        snprintf(sp->ca, sizeof sp->ca, "%s", ca->valuestring);
    cJSON_Delete(j);
    return 0;
}

/* The signal, then the exit status (-1 when it did not exit normally). */
static int stop_server(server_proc *sp, int sig)
{
    kill(sp->pid, sig);
    int status;
    if (waitpid(sp->pid, &status, 0) != sp->pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

/* --- helpers --- */

static char *http(int port, const char *request)
{
    size_t len;
    char *resp = wc_http(port, NULL, request, strlen(request), &len);
    assert_non_null(resp);
    return resp;
}

static const char *body_of(const char *resp)
{
    const char *p = strstr(resp, "\r\n\r\n");
    assert_non_null(p);
    return p + 4;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("\"%.400s\" lacks \"%s\"", hay, needle);
}

static void expect_frame(wc_conn *c, int opcode, bool fin, const void *data, size_t len)
{
    wc_frame f;
    assert_int_equal(wc_ws_read(c, &f), 0);
    if (f.opcode != opcode || f.fin != fin || f.len != len || memcmp(f.data, data, len) != 0)
        fail_msg("frame op=%d fin=%d len=%zu \"%.80s\", expected op=%d fin=%d len=%zu \"%.80s\"", f.opcode, f.fin,
                 f.len, (char *)f.data, opcode, fin, len, (const char *)data);
    wc_frame_free(&f);
}

static void expect_text(wc_conn *c, const char *text)
{
    expect_frame(c, 1, true, text, strlen(text));
}

static void open_ws(wc_conn *c, int port, const char *path, const char *extra, const char *first_text)
{
    char head[2048];
    int status = wc_ws_open(c, port, NULL, path, extra, head, sizeof head);
    if (status != 101)
        fail_msg("upgrade of %s answered %d: %s", path, status, head);
    if (first_text)
        expect_text(c, first_text);
}

static void send_close(wc_conn *c, int code, const char *reason)
{
    unsigned char p[125];
    size_t n = 0;
    if (code) {
        p[n++] = (unsigned char)(code >> 8);
        p[n++] = (unsigned char)code;
        memcpy(p + n, reason, strlen(reason));
        n += strlen(reason);
    }
    assert_int_equal(wc_ws_send(c, 8, true, p, n), 0);
}

static void expect_close(wc_conn *c, int code)
{
    unsigned char p[2] = { (unsigned char)(code >> 8), (unsigned char)code };
    expect_frame(c, 8, true, p, code ? 2 : 0);
}

/* --- HTTP --- */

static void test_http_get_query_headers(void **state)
{
    (void)state;
    char *r = http(srv.full, "GET /api/items?a=1&q=hello+world%21&e=%26%3D HTTP/1.1\r\nHost: x\r\n"
                             "X-Auth-Token: tok123\r\nCookie: a=1; sid=\"abc\"\r\n\r\n");
    assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_contains(r, "\r\ncontent-type: text/plain\r\n");
    assert_contains(r, "\r\nSet-Cookie: sid=new; Path=/\r\n");
    assert_contains(r, "\r\nX-Wire: yes\r\n");
    const char *expected = "method=GET path=/api/items query=a=1&q=hello%20world%21&e=%26%3D q=hello world! "
                           "token=tok123 sid=abc body=";
    assert_string_equal(body_of(r), expected);
    char cl[64];
    snprintf(cl, sizeof cl, "\r\ncontent-length: %zu\r\n", strlen(expected));
    assert_contains(r, cl);
    free(r);
}

static void test_http_post_body_and_limit(void **state)
{
    (void)state;
    char *r = http(srv.full, "POST /submit?flag HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                             "Content-Length: 11\r\n\r\nhello=world");
    assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_string_equal(body_of(r), "method=POST path=/submit query=flag q=- token=- sid=- body=hello=world");
    free(r);

    /* Exactly the vhost's limit (1000 bytes) is accepted; one more is 413. */
    char req[1400], body[1002];
    memset(body, 'b', sizeof body);
    snprintf(req, sizeof req, "PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n%.1000s", body);
    r = http(srv.full, req);
    assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_int_equal(strlen(body_of(r)), strlen("method=PUT path=/x query= q=- token=- sid=- body=") + 1000);
    free(r);
    snprintf(req, sizeof req, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n%.1001s", body);
    r = http(srv.full, req);
    assert_true(strncmp(r, "HTTP/1.1 413 ", 13) == 0);
    free(r);
}

static void test_http_large_response(void **state)
{
    (void)state;
    const char *req = "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
    size_t len;
    char *r = wc_http(srv.full, NULL, req, strlen(req), &len);
    assert_non_null(r);
    assert_contains(r, "\r\ncontent-length: 300000\r\n");
    const char *b = body_of(r);
    assert_int_equal(len - (size_t)(b - r), WIRE_BIG_BODY);
    for (size_t i = 0; i < WIRE_BIG_BODY; i++)
        if (b[i] != (char)('a' + i % 26))
            fail_msg("body byte %zu is wrong", i);
    free(r);
}

static void test_http_status_and_404(void **state)
{
    (void)state;
    char *r = http(srv.full, "GET /teapot HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_true(strncmp(r, "HTTP/1.1 418 ", 13) == 0);
    free(r);
    /* A dialect without http(): 404 with a short plain-text body, whatever the method. */
    r = http(srv.bare, "GET /anything?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_true(strncmp(r, "HTTP/1.1 404 ", 13) == 0);
    assert_contains(r, "\r\ncontent-type: text/plain\r\n");
    assert_string_equal(body_of(r), "Not Found\n");
    free(r);
    r = http(srv.bare, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    assert_true(strncmp(r, "HTTP/1.1 404 ", 13) == 0);
    free(r);
}

static void test_http_bad_input(void **state)
{
    (void)state;
    const char *bad[] = {
        "GARBAGE\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: , ,\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = 0;
        char *r = wc_http(srv.full, NULL, bad[i], strlen(bad[i]), &len);
        /* An error status or a closed connection, never a success. */
        if (r && strncmp(r, "HTTP/1.1 2", 10) == 0)
            fail_msg("request %zu was accepted: %.100s", i, r);
        if (r && strncmp(r, "HTTP/1.", 7) == 0) {
            int status = 0;
            sscanf(r + 9, "%d", &status);
            assert_true(status >= 400 && status <= 499);
        }
        free(r);
    }
    char *huge = malloc(20000);
    int n = snprintf(huge, 20000, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(huge + n, 'h', 19000);
    strcpy(huge + n + 19000, "\r\n\r\n");
    size_t len;
    free(wc_http(srv.full, NULL, huge, strlen(huge), &len));
    free(huge);
    /* The server still answers. */
    char *ok = http(srv.full, "GET /after-bad HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_true(strncmp(ok, "HTTP/1.1 200 OK\r\n", 17) == 0);
    free(ok);
}

/* --- the opening handshake --- */

static void test_upgrade_refused(void **state)
{
    (void)state;
    wc_conn c;
    char head[2048];
    assert_int_equal(wc_ws_open(&c, srv.full, NULL, "/deny", NULL, head, sizeof head), 404);
    assert_true(strncmp(head, "HTTP/1.1 404 ", 13) == 0);
    assert_null(strstr(head, "101"));
    assert_contains(head, "\r\ncontent-type: text/plain\r\n");
    /* The plain body, then the server hangs up: no upgrade. */
    char *rest = wc_read_to_eof(&c);
    assert_non_null(rest);
    assert_string_equal(rest, "Not Found\n");
    free(rest);
    wc_close(&c);
    assert_int_equal(wc_ws_open(&c, srv.full, NULL, "/auth", "Cookie: sid=wrong\r\n", head, sizeof head), 401);
    wc_close(&c);
    /* The same path with the right cookie is accepted. */
    open_ws(&c, srv.full, "/auth", "Cookie: sid=ok\r\n", "open path=/auth query= offer=- upgraded=1");
    wc_close(&c);
}

static void test_upgrade_any_path_keeps_session(void **state)
{
    (void)state;
    wc_conn c;
    open_ws(&c, srv.full, "/some/deep/path?x=1&y=two+words", NULL,
            "open path=/some/deep/path query=x=1&y=two%20words offer=- upgraded=1");
    wc_close(&c);
    open_ws(&c, srv.bare, "/whatever?z", NULL, "hello");
    wc_close(&c);
}

static void test_upgrade_failing_after_filter(void **state)
{
    (void)state;
    /* upgrade() accepts, then lws refuses the handshake (no Sec-WebSocket-Key): the
     * session allocated for it must be freed (checked by the child's leak report). */
    const char *req = "GET /nokey HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n";
    size_t len = 0;
    char *r = wc_http(srv.full, NULL, req, strlen(req), &len);
    if (r)
        assert_null(strstr(r, " 101 "));
    free(r);
    /* A half-sent request and a body cut short. */
    wc_conn c;
    assert_int_equal(wc_connect(&c, srv.full, NULL), 0);
    assert_int_equal(wc_send(&c, "GET /x HTTP/1.1\r\nHost:", 22), 0);
    wc_close(&c);
    assert_int_equal(wc_connect(&c, srv.full, NULL), 0);
    const char *post = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\npartial";
    assert_int_equal(wc_send(&c, post, strlen(post)), 0);
    wc_close(&c);
    /* The server still answers. */
    char *ok = http(srv.full, "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_true(strncmp(ok, "HTTP/1.1 200 OK\r\n", 17) == 0);
    free(ok);
}

static const char *find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    return NULL;
}

static bool has_protocol_header(const char *head, const char *value)
{
    char want[128];
    snprintf(want, sizeof want, "\r\nSec-WebSocket-Protocol: %s\r\n", value);
    return strstr(head, want) != NULL;
}

static void test_subprotocols(void **state)
{
    (void)state;
    wc_conn c;
    char head[2048];
    /* The first offered name the vhost registered is selected and answered. */
    assert_int_equal(wc_ws_open(&c, srv.full, NULL, "/", "Sec-WebSocket-Protocol: chat.v1, chat.v2\r\n", head,
                                sizeof head),
                     101);
    assert_true(has_protocol_header(head, "chat.v1"));
    expect_text(&c, "open path=/ query= offer=chat.v1, chat.v2 upgraded=1");
    wc_close(&c);
    assert_int_equal(wc_ws_open(&c, srv.full, NULL, "/", "Sec-WebSocket-Protocol: other, chat.v2\r\n", head,
                                sizeof head),
                     101);
    assert_true(has_protocol_header(head, "chat.v2"));
    wc_close(&c);
    /* An offer naming none of them: accepted, none selected. */
    assert_int_equal(
        wc_ws_open(&c, srv.full, NULL, "/", "Sec-WebSocket-Protocol: nomatch\r\n", head, sizeof head), 101);
    assert_null(find_nocase(head, "sec-websocket-protocol"));
    expect_text(&c, "open path=/ query= offer=nomatch upgraded=1");
    wc_close(&c);
    /* ... which leaves later selections unchanged. */
    assert_int_equal(
        wc_ws_open(&c, srv.full, NULL, "/", "Sec-WebSocket-Protocol: chat.v2\r\n", head, sizeof head), 101);
    assert_true(has_protocol_header(head, "chat.v2"));
    wc_close(&c);
    assert_int_equal(wc_ws_open(&c, srv.full, NULL, "/", NULL, head, sizeof head), 101);
    assert_null(find_nocase(head, "sec-websocket-protocol"));
    wc_close(&c);
    /* A vhost without subprotocols accepts any offer and selects none. */
    assert_int_equal(
        wc_ws_open(&c, srv.bare, NULL, "/", "Sec-WebSocket-Protocol: foo, bar\r\n", head, sizeof head), 101);
    assert_null(find_nocase(head, "sec-websocket-protocol"));
    expect_text(&c, "hello");
    wc_close(&c);
    /* An offer lws cannot read (longer than it parses) gets a clear 400. */
    char extra[400];
    snprintf(extra, sizeof extra, "Sec-WebSocket-Protocol: %0200d\r\n", 7);
    memset(extra + 24, 'p', 200);
    assert_int_equal(wc_ws_open(&c, srv.bare, NULL, "/", extra, head, sizeof head), 400);
    wc_close(&c);
}

static void test_subprotocol_selected_by_dialect(void **state)
{
    (void)state;
    wc_conn c;
    char head[2048];
    /* HIRO-style offers: the dialect answers a name no list could hold. */
    assert_int_equal(wc_ws_open(&c, srv.sel, NULL, "/", "Sec-WebSocket-Protocol: None, token-abc.def\r\n", head,
                                sizeof head),
                     101);
    assert_true(has_protocol_header(head, "None"));
    expect_text(&c, "hello");
    wc_close(&c);
    assert_int_equal(wc_ws_open(&c, srv.sel, NULL, "/", "Sec-WebSocket-Protocol: token-x, graph-2.0.0\r\n", head,
                                sizeof head),
                     101);
    assert_true(has_protocol_header(head, "graph-2.0.0"));
    wc_close(&c);
    /* Nothing selected (only a token offered), and no offer at all: no answer. */
    assert_int_equal(
        wc_ws_open(&c, srv.sel, NULL, "/", "Sec-WebSocket-Protocol: token-x\r\n", head, sizeof head), 101);
    assert_null(find_nocase(head, "sec-websocket-protocol"));
    wc_close(&c);
    assert_int_equal(wc_ws_open(&c, srv.sel, NULL, "/", NULL, head, sizeof head), 101);
    assert_null(find_nocase(head, "sec-websocket-protocol"));
    wc_close(&c);
    /* An entry lws reads as a number is refused before the dialect sees it. */
    assert_int_equal(
        wc_ws_open(&c, srv.sel, NULL, "/", "Sec-WebSocket-Protocol: 6.1, token-x\r\n", head, sizeof head), 400);
    wc_close(&c);
    /* Outside upgrade() nothing can be selected. */
    char *r = http(srv.sel, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_true(strncmp(r, "HTTP/1.1 204 ", 13) == 0);
    free(r);
}

/* --- frames --- */

static void peer_close_case(int port, const char *first, int code, const char *reason, const void *answer,
                            size_t answer_len)
{
    wc_conn c;
    open_ws(&c, port, "/", NULL, first);
    send_close(&c, code, reason);
    expect_frame(&c, 8, true, answer, answer_len);
    assert_true(wc_at_eof(&c));
    wc_close(&c);
}

static void test_peer_close(void **state)
{
    (void)state;
    const char *full_open = "open path=/ query= offer=- upgraded=1";
    /* peer_close() answers 4000 + code % 1000, or 0 ("zero"), or the code ("same"), or the client's own payload ("echo"). */
    peer_close_case(srv.full, full_open, 1000, "bye", "\x0f\xa0", 2);
    peer_close_case(srv.full, full_open, 1001, "zero", "", 0);
    peer_close_case(srv.full, full_open, 3002, "same", "\x0b\xba", 2);
    peer_close_case(srv.full, full_open, 4001, "echo", "\x0f\xa1" "echo", 6); /* WSRV_CLOSE_ECHO */
    peer_close_case(srv.full, full_open, 1002, "why", "\x0f\xa2" "because", 9); /* wsrv_conn_set_close_reason */
    /* No status in the client's Close: the dialect sees 1005. */
    peer_close_case(srv.full, full_open, 0, "", "\x0f\xa5", 2);
    /* Without peer_close(): the client's code (and reason) come back. */
    peer_close_case(srv.bare, "hello", 1000, "bye", "\x03\xe8" "bye", 5);
    peer_close_case(srv.bare, "hello", 0, "", "", 0);
}

static void test_ping_pong(void **state)
{
    (void)state;
    wc_conn c;
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    assert_int_equal(wc_ws_send(&c, 9, true, "abc", 3), 0);
    expect_frame(&c, 10, true, "abc", 3);
    assert_int_equal(wc_ws_send(&c, 10, true, "xyz", 3), 0);
    expect_text(&c, "pong:xyz");
    wc_close(&c);
    /* Without pong(): Pings are still answered, Pongs ignored. */
    open_ws(&c, srv.bare, "/", NULL, "hello");
    assert_int_equal(wc_ws_send(&c, 10, true, "q", 1), 0);
    assert_int_equal(wc_ws_send(&c, 9, true, "p1", 2), 0);
    expect_frame(&c, 10, true, "p1", 2);
    assert_int_equal(wc_ws_send(&c, 1, true, "after", 5), 0);
    expect_text(&c, "after");
    wc_close(&c);
}

static void test_fragments_and_server_ping(void **state)
{
    (void)state;
    wc_conn c;
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    assert_int_equal(wc_ws_send(&c, 1, true, "frag", 4), 0);
    expect_frame(&c, 1, false, "ab", 2);
    expect_frame(&c, 0, false, "cd", 2);
    expect_frame(&c, 0, true, "ef", 2);
    expect_text(&c, "tail");
    assert_int_equal(wc_ws_send(&c, 1, true, "ping", 4), 0);
    char x125[125];
    memset(x125, 'x', sizeof x125);
    expect_frame(&c, 9, true, x125, 125);
    expect_frame(&c, 9, true, "hb", 2);
    expect_text(&c, "ping125=1 ping126=0");
    wc_close(&c);
}

/* Many whole messages queued at once leave several to a send; the frames must stay
 * exact and in order, also where a run of them meets a large message, fragments or a Ping. */
static void expect_burst(wc_conn *c)
{
    char text[WIRE_BURST_LARGE_LEN];
    assert_int_equal(wc_ws_send(c, 1, true, "burst", 5), 0);
    for (int i = 0; i < WIRE_BURST_SMALL; i++) {
        snprintf(text, sizeof text, "b%d", i);
        expect_text(c, text);
    }
    memset(text, 'y', 200);
    expect_frame(c, 1, true, text, 200);
    expect_frame(c, 2, true, "bin\0x", 5);
    for (int i = 0; i < WIRE_BURST_MID; i++) {
        memset(text, 'A' + i, WIRE_BURST_MID_LEN);
        expect_frame(c, 1, true, text, WIRE_BURST_MID_LEN);
    }
    memset(text, 'L', WIRE_BURST_LARGE_LEN);
    expect_frame(c, 1, true, text, WIRE_BURST_LARGE_LEN);
    expect_frame(c, 1, false, "ab", 2);
    expect_frame(c, 0, false, "cd", 2);
    expect_frame(c, 0, true, "ef", 2);
    expect_frame(c, 9, true, "hb", 2);
    expect_text(c, "end");
}

static void test_burst_of_messages(void **state)
{
    (void)state;
    wc_conn c;
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    expect_burst(&c);
    expect_burst(&c);
    assert_int_equal(wc_ws_send(&c, 1, true, "after", 5), 0);
    expect_text(&c, "after");
    wc_close(&c);
    char head[2048];
    assert_int_equal(wc_ws_open(&c, srv.tls, srv.ca, "/wss", NULL, head, sizeof head), 101);
    expect_text(&c, "secure-open");
    expect_burst(&c);
    wc_close(&c);
}

static void test_server_close(void **state)
{
    (void)state;
    wc_conn c;
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    assert_int_equal(wc_ws_send(&c, 1, true, "close0", 6), 0);
    expect_text(&c, "bye");
    expect_close(&c, 0);
    /* The server waits for the client's Close; data sent before it is discarded, and the
     * client's Close ends the connection with nothing more from the server. */
    assert_int_equal(wc_ws_send(&c, 1, true, "ignored", 7), 0);
    send_close(&c, 1000, "");
    char *rest = wc_read_to_eof(&c);
    assert_non_null(rest);
    assert_int_equal(strlen(rest), 0);
    free(rest);
    wc_close(&c);
    /* A client that never answers is dropped after the close timeout (5 s). */
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    assert_int_equal(wc_ws_send(&c, 1, true, "close0", 6), 0);
    expect_text(&c, "bye");
    expect_close(&c, 0);
    assert_true(wc_at_eof(&c));
    wc_close(&c);
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    assert_int_equal(wc_ws_send(&c, 1, true, "close4001", 9), 0);
    expect_close(&c, 4001);
    wc_close(&c);
}

static void test_message_limits(void **state)
{
    (void)state;
    char *big = malloc(5001);
    memset(big, 'm', 5001);
    wc_conn c;
    /* tfull asks for 1000 bytes. */
    open_ws(&c, srv.full, "/", NULL, "open path=/ query= offer=- upgraded=1");
    assert_int_equal(wc_ws_send(&c, 1, true, big, 1000), 0);
    expect_frame(&c, 1, true, big, 1000);
    assert_int_equal(wc_ws_send(&c, 1, true, big, 1001), 0);
    wc_frame f;
    assert_int_equal(wc_ws_read(&c, &f), 0);
    assert_int_equal(f.opcode, 8);
    assert_true(f.len >= 2 && f.data[0] == 0x03 && f.data[1] == 0xf1); /* 1009 */
    wc_frame_free(&f);
    wc_close(&c);
    /* tbare keeps the server's 5000, also across fragments. */
    open_ws(&c, srv.bare, "/", NULL, "hello");
    assert_int_equal(wc_ws_send(&c, 2, false, big, 2500), 0);
    assert_int_equal(wc_ws_send(&c, 0, true, big, 2500), 0);
    expect_frame(&c, 2, true, big, 5000);
    assert_int_equal(wc_ws_send(&c, 1, true, big, 5001), 0);
    assert_int_equal(wc_ws_read(&c, &f), 0);
    assert_int_equal(f.opcode, 8);
    assert_true(f.len >= 2 && f.data[0] == 0x03 && f.data[1] == 0xf1);
    wc_frame_free(&f);
    wc_close(&c);
    free(big);
}

/* --- TLS --- */

static void test_tls_with_generated_ca(void **state)
{
    (void)state;
    assert_true(srv.ca[0] != '\0');
    FILE *f = fopen(srv.ca, "r");
    assert_non_null(f);
    char line[64] = "";
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "-----BEGIN CERTIFICATE-----\n");
    const char *req = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    size_t len;
    char *r = wc_http(srv.tls, srv.ca, req, strlen(req), &len);
    assert_non_null(r);
    assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_string_equal(body_of(r), "secure\n");
    free(r);
    wc_conn c;
    char head[2048];
    assert_int_equal(wc_ws_open(&c, srv.tls, srv.ca, "/wss", NULL, head, sizeof head), 101);
    expect_text(&c, "secure-open");
    assert_int_equal(wc_ws_send(&c, 1, true, "over tls", 8), 0);
    expect_text(&c, "over tls");
    wc_close(&c);
    /* Not trusting the certificate, the handshake fails; plain HTTP to it gets nothing. */
    assert_int_equal(wc_connect(&c, srv.tls, ""), -1);
    assert_int_equal(wc_connect(&c, srv.tls, "/nonexistent/ca.pem"), -1);
    r = wc_http(srv.tls, NULL, req, strlen(req), &len);
    if (r)
        assert_null(strstr(r, "200 OK"));
    free(r);
}

/* --- profiles and shutdown --- */

static void test_profile(void **state)
{
    (void)state;
    server_proc other;
    /* tfull knows "strict" only: another name stops the server with exit status 2. */
    assert_int_equal(start_server(&other, "bogus", NULL, NULL), 2);
    assert_int_equal(start_server(&other, "strict", NULL, NULL), 0);
    /* SIGINT stops it as SIGTERM does. */
    assert_int_equal(stop_server(&other, SIGINT), 0);
}

static void test_tls_with_given_files(void **state)
{
    (void)state;
    server_proc other;
    /* Files that cannot be read: a runtime failure (exit 1) before the ready line. */
    assert_int_equal(start_server(&other, NULL, "/nonexistent/cert.pem", "/nonexistent/key.pem"), 1);
    wsrv_tls_files files;
    char err[256];
    assert_int_equal(wsrv_tls_generate(&files, err, sizeof err), 0);
    assert_int_equal(start_server(&other, NULL, files.cert, files.key), 0);
    /* The given certificate is served, and no "ca" is announced. */
    assert_string_equal(other.ca, "");
    const char *req = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    size_t len;
    char *r = wc_http(other.tls, files.cert, req, strlen(req), &len);
    assert_non_null(r);
    assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
    free(r);
    /* The main server's generated certificate is another one. */
    wc_conn c;
    assert_int_equal(wc_connect(&c, other.tls, srv.ca), -1);
    assert_int_equal(stop_server(&other, SIGTERM), 0);
    char dir[sizeof files.dir];
    strcpy(dir, files.dir);
    assert_int_equal(access(dir, F_OK), 0);
    wsrv_tls_remove(&files);
    assert_int_equal(access(dir, F_OK), -1);
}

static void test_shutdown(void **state)
{
    (void)state;
    wc_conn c;
    open_ws(&c, srv.bare, "/", NULL, "hello");
    char ca[sizeof srv.ca];
    strcpy(ca, srv.ca);
    kill(srv.pid, SIGTERM);
    expect_close(&c, 1001);
    wc_close(&c);
    int status;
    assert_int_equal(waitpid(srv.pid, &status, 0), srv.pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    /* The generated certificate's folder is gone. */
    assert_int_equal(access(ca, F_OK), -1);
    srv.pid = 0;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (start_server(&srv, NULL, NULL, NULL) != 0) {
        fprintf(stderr, "the test server did not start\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_get_query_headers),
        cmocka_unit_test(test_http_post_body_and_limit),
        cmocka_unit_test(test_http_large_response),
        cmocka_unit_test(test_http_status_and_404),
        cmocka_unit_test(test_http_bad_input),
        cmocka_unit_test(test_upgrade_refused),
        cmocka_unit_test(test_upgrade_any_path_keeps_session),
        cmocka_unit_test(test_upgrade_failing_after_filter),
        cmocka_unit_test(test_subprotocols),
        cmocka_unit_test(test_subprotocol_selected_by_dialect),
        cmocka_unit_test(test_peer_close),
        cmocka_unit_test(test_ping_pong),
        cmocka_unit_test(test_fragments_and_server_ping),
        cmocka_unit_test(test_burst_of_messages),
        cmocka_unit_test(test_server_close),
        cmocka_unit_test(test_message_limits),
        cmocka_unit_test(test_tls_with_generated_ca),
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_tls_with_given_files),
        cmocka_unit_test(test_shutdown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (srv.pid > 0)
        stop_server(&srv, SIGTERM);
    return failed;
}

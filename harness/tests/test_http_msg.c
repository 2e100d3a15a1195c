/* http_msg: request heads and the incremental response parser, fed in every split. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_msg.h"

/* Parses text fed in pieces of `step` bytes (0: all at once), then EOF when eof. */
static int parse(wsc_http_parser *p, const char *text, size_t len, size_t step, int head, int eof)
{
    wsc_http_parser_init(p, head);
    if (!step) step = len ? len : 1;
    for (size_t i = 0; i < len; i += step) {
        size_t n = len - i < step ? len - i : step;
        if (wsc_http_parser_feed(p, text + i, n)) return -1;
    }
    if (eof) return wsc_http_parser_eof(p);
    return 0;
}

static void content_length_every_split(void **state)
{
    (void)state;
    const char *r = "HTTP/1.1 201 Created\r\nContent-Type:  application/json \r\nX-Dup: a\r\nx-dup: b\r\n"
                    "Set-Cookie: sid=abc; Path=/\r\nContent-Length: 9\r\n\r\n{\"a\":[1]}trailing junk";
    for (size_t step = 0; step < 12; step++) {
        wsc_http_parser p;
        assert_int_equal(parse(&p, r, strlen(r), step, 0, 0), 0);
        assert_int_equal(p.state, WSC_HP_DONE);
        assert_int_equal(p.status, 201);
        assert_string_equal(p.reason, "Created");
        assert_int_equal(p.n_headers, 5);
        assert_string_equal(wsc_http_header_get(&p, "content-type"), "application/json");
        assert_string_equal(p.headers[2].name, "x-dup");
        assert_string_equal(p.headers[2].value, "b");
        assert_int_equal(p.body_len, 9);
        assert_string_equal(p.body, "{\"a\":[1]}");
        wsc_http_parser_free(&p);
    }
}

static void chunked_with_extensions_and_trailers(void **state)
{
    (void)state;
    const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: 1\r\n\r\n";
    for (size_t step = 0; step < 9; step++) {
        wsc_http_parser p;
        assert_int_equal(parse(&p, r, strlen(r), step, 0, 0), 0);
        assert_int_equal(p.state, WSC_HP_DONE);
        assert_int_equal(p.body_len, 23);
        assert_memory_equal(p.body, "Wikipedia in\r\n\r\nchunks.", 23);
        wsc_http_parser_free(&p);
    }
}

static void body_to_eof_and_no_body_cases(void **state)
{
    (void)state;
    wsc_http_parser p;
    const char *r = "HTTP/1.0 200 OK\nServer: x\n\nabc\0def";
    assert_int_equal(parse(&p, r, 34, 3, 0, 0), 0);
    assert_int_equal(p.state, WSC_HP_BODY_EOF);
    assert_int_equal(wsc_http_parser_eof(&p), 0);
    assert_int_equal(p.body_len, 7);
    assert_memory_equal(p.body, "abc\0def", 7);
    wsc_http_parser_free(&p);

    const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    assert_int_equal(parse(&p, head, strlen(head), 0, 1, 0), 0);
    assert_int_equal(p.state, WSC_HP_DONE);
    assert_int_equal(p.body_len, 0);
    wsc_http_parser_free(&p);

    const char *nc = "HTTP/1.1 204 No Content\r\n\r\n";
    assert_int_equal(parse(&p, nc, strlen(nc), 0, 0, 0), 0);
    assert_int_equal(p.state, WSC_HP_DONE);
    wsc_http_parser_free(&p);

    const char *cont = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 413 Payload Too Large\r\nContent-Length: 2\r\n\r\nno";
    assert_int_equal(parse(&p, cont, strlen(cont), 5, 0, 0), 0);
    assert_int_equal(p.status, 413);
    assert_int_equal(p.n_headers, 1);
    assert_string_equal(p.body, "no");
    wsc_http_parser_free(&p);
}

static void bad_responses(void **state)
{
    (void)state;
    wsc_http_parser p;
    const char *cases[] = {
        "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (parse(&p, cases[i], strlen(cases[i]), 0, 0, 0) != -1) fail_msg("case %zu parsed", i);
        assert_int_equal(p.state, WSC_HP_ERROR);
        assert_true(p.error[0] != '\0');
        wsc_http_parser_free(&p);
    }
    /* Cut short. */
    const char *cut = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
    assert_int_equal(parse(&p, cut, strlen(cut), 0, 0, 1), -1);
    assert_string_equal(p.error, "the connection closed before the response was complete");
    wsc_http_parser_free(&p);
    assert_int_equal(parse(&p, "", 0, 0, 0, 1), -1);
    assert_string_equal(p.error, "the connection closed without a response");
    wsc_http_parser_free(&p);
    /* A head that never ends is cut off at the limit. */
    wsc_http_parser_init(&p, 0);
    assert_int_equal(wsc_http_parser_feed(&p, "HTTP/1.1 200 OK\r\n", 17), 0);
    char *junk = malloc(1024);
    memset(junk, 'a', 1024);
    int rc = 0;
    for (int i = 0; i < 300 && rc == 0; i++) rc = wsc_http_parser_feed(&p, junk, 1024);
    assert_int_equal(rc, -1);
    assert_string_equal(p.error, "response head exceeds 256 KiB");
    free(junk);
    wsc_http_parser_free(&p);
}

static void request_heads(void **state)
{
    (void)state;
    char err[200];
    char *h = wsc_http_build_head("GET", "/a?b=1", "127.0.0.1:8080", NULL, 0, err, sizeof err);
    assert_string_equal(h, "GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n"
                           "User-Agent: wsconf/" WSCONF_VERSION "\r\n\r\n");
    free(h);
    h = wsc_http_build_head("POST", "/", "h", "content-type: application/json\r\nhost: other\r\n", 3, err, sizeof err);
    assert_string_equal(h, "POST / HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\nUser-Agent: wsconf/" WSCONF_VERSION
                           "\r\ncontent-type: application/json\r\nhost: other\r\n\r\n");
    free(h);
    h = wsc_http_build_head("PUT", "/", "h", "Connection: keep-alive\r\nUser-Agent: x\r\n", 0, err, sizeof err);
    assert_string_equal(h, "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: keep-alive\r\nUser-Agent: x\r\n\r\n");
    free(h);
    assert_null(wsc_http_build_head("GE T", "/", "h", NULL, 0, err, sizeof err));
    assert_string_equal(err, "invalid HTTP method \"GE T\"");
    assert_null(wsc_http_build_head("GET", "x", "h", NULL, 0, err, sizeof err));
    assert_null(wsc_http_build_head("GET", "/a b", "h", NULL, 0, err, sizeof err));
    assert_null(wsc_http_build_head("GET", "/a\r\nX: y", "h", NULL, 0, err, sizeof err));
    assert_int_equal(wsc_http_block_has("A: 1\r\nContent-Type: x\r\n", "content-type"), 1);
    assert_int_equal(wsc_http_block_has("A: 1\r\nContent-Typed: x\r\n", "content-type"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(content_length_every_split), cmocka_unit_test(chunked_with_extensions_and_trailers),
        cmocka_unit_test(body_to_eof_and_no_body_cases), cmocka_unit_test(bad_responses),
        cmocka_unit_test(request_heads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

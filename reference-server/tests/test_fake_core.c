/* The fake core's request helper behaves like the core's header lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_core.h"

static void test_fake_request(void **state)
{
    (void)state;
    fake_request fr;
    fake_request_init(&fr, "POST", "/login", "next=%2Fhome", "Cookie: sid=1; x=2\r\nX-Auth-Token:  tok \r\n", "{}",
                      2);
    const wsrv_request *req = &fr.req;
    assert_string_equal(req->method, "POST");
    assert_string_equal(req->path, "/login");
    assert_int_equal(req->body_len, 2);
    assert_string_equal(req->header(req, "x-auth-token"), "tok ");
    assert_string_equal(req->header(req, "COOKIE"), "sid=1; x=2");
    assert_null(req->header(req, "cook"));
    assert_null(req->header(req, "sec-websocket-protocol"));
    char out[32];
    assert_string_equal(wsrv_cookie(req->header(req, "cookie"), "x", out, sizeof out), "2");
    assert_string_equal(wsrv_query_param(req->query, "next", out, sizeof out), "/home");
    fake_request_free(&fr);
    fake_selected_subprotocol[0] = '\0';
    assert_false(wsrv_request_select_subprotocol(req, ""));
    assert_false(wsrv_request_select_subprotocol(req, "a\r\nb"));
    assert_string_equal(fake_selected_subprotocol, "");
    assert_true(wsrv_request_select_subprotocol(req, "graph-2.0.0"));
    assert_string_equal(fake_selected_subprotocol, "graph-2.0.0");
    fake_request_init(&fr, "GET", "/", NULL, NULL, NULL, 0);
    assert_string_equal(fr.req.query, "");
    assert_null(fr.req.header(&fr.req, "host"));
    fake_request_free(&fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fake_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

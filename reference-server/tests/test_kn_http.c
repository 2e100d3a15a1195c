/* The Kinode node's HTTP routes: /login, /our, /our.js and the chat process's binding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_core.h"
#include "kinode/kn_http.h"
#include "kinode/kn_jwt.h"
#include "kinode/kn_node.h"

static kn_node node;

typedef struct fake_req {
    const char *cookie;
} fake_req;

static const char *fake_header(const wsrv_request *req, const char *name)
{
    const fake_req *f = req->impl;
    return strcmp(name, "cookie") == 0 ? f->cookie : NULL;
}

static wsrv_response call(const char *method, const char *path, const char *body, const char *cookie)
{
    fake_req f = { cookie };
    wsrv_request req = { .method = method, .path = path, .query = "", .body = body,
                         .body_len = body ? strlen(body) : 0, .header = fake_header, .impl = &f };
    wsrv_response res = { .status = 404 };
    kn_http_handle(&node, &req, &res);
    return res;
}

static void release(wsrv_response *r)
{
    free(r->body);
    free(r->headers);
}

static int setup(void **st)
{
    (void)st;
    kn_config cfg;
    char err[100];
    assert_int_equal(kn_config_load(NULL, &cfg, err, sizeof err), 0);
    assert_int_equal(kn_node_init(&node, &cfg, 1, NULL, NULL), 0);
    fake_wall_s = 1700000000.0;
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    kn_node_free(&node);
    return 0;
}

static void test_login_mints_cookie(void **st)
{
    (void)st;
    wsrv_response r = call("POST", "/login", "{\"password_hash\":\"wsconf\",\"subdomain\":null}", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "application/json");
    assert_non_null(r.headers);
    assert_memory_equal(r.headers, "Set-Cookie: kinode-auth_fake.dev=", 33);
    char *tok = r.headers + 33;
    char *end = strstr(tok, ";\r\n");
    assert_non_null(end);
    assert_string_equal(end, ";\r\n");
    size_t len = (size_t)(end - tok);
    kn_jwt_policy p = { .node = "fake.dev", .check_subdomain = true, .check_expiry = true, .now_s = fake_wall_s };
    assert_int_equal(kn_jwt_verify(tok, len, "wsconf-kinode-jwt-secret", 24, &p), KN_JWT_OK);
    /* expires 26 weeks from now, not earlier */
    p.now_s = fake_wall_s + KN_LOGIN_LIFETIME_S - 1;
    assert_int_equal(kn_jwt_verify(tok, len, "wsconf-kinode-jwt-secret", 24, &p), KN_JWT_OK);
    p.now_s = fake_wall_s + KN_LOGIN_LIFETIME_S;
    assert_int_equal(kn_jwt_verify(tok, len, "wsconf-kinode-jwt-secret", 24, &p), KN_JWT_EXPIRED);
    /* the body is the token as a JSON string */
    assert_int_equal(r.body_len, len + 2);
    assert_int_equal(r.body[0], '"');
    assert_memory_equal(r.body + 1, tok, len);
    /* and the cookie opens an authenticated binding */
    char cookie[600];
    snprintf(cookie, sizeof cookie, "kinode-auth_fake.dev=%.*s", (int)len, tok);
    kn_session s = { 0 };
    assert_int_equal(kn_node_upgrade(&node, "/echo:conformance:sys", cookie, NULL, &s), 0);
    release(&r);
}

static void test_login_refusals(void **st)
{
    (void)st;
    wsrv_response r = call("POST", "/login", "{\"password_hash\":\"nope\",\"subdomain\":null}", NULL);
    assert_int_equal(r.status, 401);
    assert_null(r.headers);
    release(&r);
    r = call("POST", "/login", "not json", NULL);
    assert_int_equal(r.status, 400);
    release(&r);
    r = call("POST", "/login", NULL, NULL);
    assert_int_equal(r.status, 400);
    release(&r);
    r = call("POST", "/login", "{\"password_hash\":\"wsconf\",\"subdomain\":\"chess:chess:sys\"}", NULL);
    assert_int_equal(r.status, 400);
    release(&r);
    r = call("GET", "/login", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/html");
    release(&r);
}

static void test_our(void **st)
{
    (void)st;
    wsrv_response r = call("GET", "/our", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/html");
    assert_int_equal(r.body_len, 8);
    assert_memory_equal(r.body, "fake.dev", 8);
    release(&r);
    r = call("GET", "/our.js", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "application/javascript");
    const char *js = "window.our = {}; window.our.node = 'fake.dev';";
    assert_int_equal(r.body_len, strlen(js));
    assert_memory_equal(r.body, js, strlen(js));
    release(&r);
    r = call("POST", "/our", "", NULL);
    assert_int_equal(r.status, 404);
    release(&r);
    r = call("GET", "/nothing", NULL, NULL);
    assert_int_equal(r.status, 404);
    assert_null(r.body);
    release(&r);
}

static void test_chat_messages(void **st)
{
    (void)st;
    char *tok = kn_jwt_mint("wsconf-kinode-jwt-secret", 24, "fake.dev", 1800000000);
    char cookie[600];
    snprintf(cookie, sizeof cookie, "kinode-auth_fake.dev=%s", tok);
    free(tok);
    wsrv_response r = call("GET", "/chat:chat:template.os/messages", NULL, cookie);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "application/json");
    assert_int_equal(r.body_len, strlen("{\"History\":{\"messages\":{}}}"));
    assert_memory_equal(r.body, "{\"History\":{\"messages\":{}}}", r.body_len);
    release(&r);
    /* without the cookie: the login page, as Kinode answers authenticated HTTP bindings */
    r = call("GET", "/chat:chat:template.os/messages/", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/html");
    release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_mints_cookie),
        cmocka_unit_test(test_login_refusals),
        cmocka_unit_test(test_our),
        cmocka_unit_test(test_chat_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

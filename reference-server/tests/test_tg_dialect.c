/* The TrustGraph dialect against the fake core: handshake path and auth per profile,
 * concurrent requests on their own timers, per-id order, exactly one final frame,
 * the back-end timeout, duplicate ids, and abandoning work on close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_core.h"
#include "trustgraph/tg_dialect.h"
#include "trustgraph/tg_text.h"

static void *st;
static wsrv_conn conn;
static _Alignas(max_align_t) unsigned char session[256];

static int make(const char *profile, const char *config_text)
{
    cJSON *cfg = config_text ? cJSON_Parse(config_text) : NULL;
    wsrv_dialect_env env = { .seed = 1, .config = cfg, .profile = profile };
    wsrv_vhost_opts opts = { 0 };
    char err[200] = "";
    int rc = tg_dialect.create(&env, &opts, &st, err, sizeof err);
    cJSON_Delete(cfg);
    if (rc == 0) {
        assert_int_equal(opts.max_message_size, 50u * 1024 * 1024);
        assert_int_equal(opts.oversize_close_code, 1009);
        fake_conn_reset(&conn);
        memset(session, 0, sizeof session);
        assert_true(tg_dialect.session_size <= sizeof session);
        tg_dialect.open(st, &conn, session);
    }
    return rc;
}

static void done(void)
{
    tg_dialect.close(st, &conn, session);
    assert_int_equal(fake_armed_timers(), 0);
    tg_dialect.destroy(st);
    fake_conn_reset(&conn);
}

static void send_text(const char *frame)
{
    tg_dialect.message(st, &conn, session, frame, strlen(frame), false);
}

/* Messages sent so far whose id is id (compact JSON text of the id). */
static size_t count_for(const char *id_json)
{
    char key[64];
    snprintf(key, sizeof key, "{\"id\":%s,", id_json);
    size_t n = 0;
    for (size_t i = 0; i < conn.nsent; i++)
        n += strncmp(conn.sent[i], key, strlen(key)) == 0;
    return n;
}

static void test_create_options_and_profiles(void **state)
{
    (void)state;
    assert_int_equal(tg_dialect.default_port, 8088);
    assert_string_equal(tg_dialect.name, "trustgraph");
    cJSON *cfg = NULL;
    wsrv_dialect_env env = { .seed = 1, .config = cfg, .profile = "impl" };
    wsrv_vhost_opts opts = { 0 };
    char err[200] = "";
    void *s = NULL;
    assert_int_equal(tg_dialect.create(&env, &opts, &s, err, sizeof err), -1);
    assert_string_equal(err, "trustgraph: unknown profile \"impl\" (spec, gateway)");
    assert_int_equal(make("gateway", "{\"colour\":1}"), -1);
    assert_int_equal(make("gateway", "{\"chunks\":0}"), -1);
    assert_int_equal(make("gateway", "{\"secret\":5}"), -1);
    assert_int_equal(make(NULL, "{\"chunks\":2,\"delay_ms\":0,\"dim\":4,\"kg_batch\":3,\"timeout_ms\":10}"), 0);
    /* Spec is the default profile: the document's envelope errors. */
    send_text("[1]");
    assert_int_equal(conn.nsent, 1);
    assert_string_equal(conn.sent[0], "{\"error\":{\"type\":\"gateway-error\",\"message\":\"Message must be a JSON object\"}}");
    done();
}

/* Spec with a secret: the vhost can select the secret as a subprotocol (the document's
 * second way to pass the token); otherwise no subprotocol list. */
static void test_subprotocol_selection(void **state)
{
    (void)state;
    const char *profiles[] = { "spec", "gateway", "spec" };
    const char *configs[] = { "{\"secret\":\"k\"}", "{\"secret\":\"k\"}", NULL };
    for (int i = 0; i < 3; i++) {
        cJSON *cfg = configs[i] ? cJSON_Parse(configs[i]) : NULL;
        wsrv_dialect_env env = { .seed = 1, .config = cfg, .profile = profiles[i] };
        wsrv_vhost_opts opts = { 0 };
        char err[200] = "";
        void *s = NULL;
        assert_int_equal(tg_dialect.create(&env, &opts, &s, err, sizeof err), 0);
        if (i == 0) {
            assert_non_null(opts.subprotocols);
            assert_string_equal(opts.subprotocols[0], "k");
            assert_null(opts.subprotocols[1]);
        } else {
            assert_null(opts.subprotocols);
        }
        tg_dialect.destroy(s);
        cJSON_Delete(cfg);
    }
}

static void test_upgrade_path_and_auth(void **state)
{
    (void)state;
    fake_request fr;
    assert_int_equal(make("gateway", NULL), 0);
    fake_request_init(&fr, "GET", "/api/v1/socket", "", NULL, NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 0);   /* no secret: open */
    fake_request_free(&fr);
    fake_request_init(&fr, "GET", "/api/v1/mux", "", NULL, NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 404);
    fake_request_free(&fr);
    done();

    assert_int_equal(make("gateway", "{\"secret\":\"s3cret\"}"), 0);
    fake_request_init(&fr, "GET", "/api/v1/socket", "", NULL, NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 401);
    fake_request_free(&fr);
    fake_request_init(&fr, "GET", "/api/v1/socket", "token=wrong", NULL, NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 401);
    fake_request_free(&fr);
    fake_request_init(&fr, "GET", "/api/v1/socket", "token=s3cret", NULL, NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 0);
    fake_request_free(&fr);
    /* The gateway ignores a subprotocol and an Authorization header. */
    fake_request_init(&fr, "GET", "/api/v1/socket", "",
                      "Sec-WebSocket-Protocol: s3cret\r\nAuthorization: Bearer s3cret\r\n", NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 401);
    fake_request_free(&fr);
    done();

    assert_int_equal(make("spec", "{\"secret\":\"s3cret\"}"), 0);
    fake_request_init(&fr, "GET", "/api/v1/socket", "", "Sec-WebSocket-Protocol: chat, s3cret\r\n", NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 0);
    fake_request_free(&fr);
    fake_request_init(&fr, "GET", "/api/v1/socket", "", "Sec-WebSocket-Protocol: s3cretx\r\n", NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 401);
    fake_request_free(&fr);
    fake_request_init(&fr, "GET", "/api/v1/socket", "token=s3cret", NULL, NULL, 0);
    assert_int_equal(tg_dialect.upgrade(st, &fr.req, session), 0);
    fake_request_free(&fr);
    done();
}

static void test_slow_stream_does_not_hold_back_fast_answer(void **state)
{
    (void)state;
    assert_int_equal(make("gateway", "{\"delay_ms\":10}"), 0);
    uint64_t t0 = fake_now_us;
    send_text("{\"id\":\"slow\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"q\",\"streaming\":true}}");
    assert_int_equal(conn.nsent, 0);
    send_text("{\"id\":\"fast\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"flow\"}}");
    assert_int_equal(conn.nsent, 1);
    assert_string_equal(conn.sent[0], "{\"id\":\"fast\",\"response\":{\"version\":1,\"values\":[],\"directory\":[\"default\"],"
                                      "\"config\":{}},\"complete\":true}");
    /* One agent frame per 10 ms: 11 steps and the closing frame. */
    fake_advance_to(t0 + 10000);
    assert_int_equal(count_for("\"slow\""), 1);
    send_text("{\"id\":\"fast2\",\"service\":\"flow\",\"request\":{\"operation\":\"list-flows\"}}");
    assert_int_equal(count_for("\"fast2\""), 1);
    fake_advance_to(t0 + 119000);
    assert_int_equal(count_for("\"slow\""), 11);
    fake_advance_to(t0 + 120000);
    assert_int_equal(count_for("\"slow\""), 12);
    assert_int_equal(fake_armed_timers(), 0);
    /* Per-id order kept; the last is the only final frame. */
    size_t k = 0;
    for (size_t i = 0; i < conn.nsent; i++) {
        if (strncmp(conn.sent[i], "{\"id\":\"slow\"", 12) != 0)
            continue;
        k++;
        assert_non_null(strstr(conn.sent[i], k == 12 ? "\"complete\":true}" : "\"complete\":false}"));
        if (k == 1)
            assert_non_null(strstr(conn.sent[i], "/session\""));
    }
    done();
}

static void test_many_requests_interleave(void **state)
{
    (void)state;
    assert_int_equal(make("gateway", "{\"delay_ms\":1,\"chunks\":4}"), 0);
    char frame[256];
    for (int i = 0; i < 50; i++) {
        snprintf(frame, sizeof frame, "{\"id\":%d,\"service\":\"text-completion\",\"flow\":\"default\","
                 "\"request\":{\"system\":\"s\",\"prompt\":\"p%d\",\"streaming\":true}}", i, i);
        send_text(frame);
    }
    assert_int_equal(conn.nsent, 0);
    fake_advance_to(fake_now_us + 1000);
    /* The first piece of every request went out before any second piece. */
    assert_int_equal(conn.nsent, 50);
    fake_advance_to(fake_now_us + 10000);
    assert_int_equal(conn.nsent, 200);
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        assert_int_equal(count_for(id), 4);
    }
    done();
}

static void test_timeout_replaces_late_answer(void **state)
{
    (void)state;
    assert_int_equal(make("gateway", "{\"delay_ms\":500,\"timeout_ms\":100}"), 0);
    uint64_t t0 = fake_now_us;
    send_text("{\"id\":\"t\",\"service\":\"text-completion\",\"flow\":\"default\",\"request\":{\"system\":\"s\",\"prompt\":\"p\"}}");
    fake_advance_to(t0 + 99000);
    assert_int_equal(conn.nsent, 0);
    fake_advance_to(t0 + 100000);
    assert_int_equal(conn.nsent, 1);
    assert_string_equal(conn.sent[0], "{\"id\":\"t\",\"response\":{\"error\":{\"type\":\"gateway-error\",\"message\":\"Timeout\"}},"
                                      "\"complete\":true}");
    fake_advance_to(t0 + 2000000);
    assert_int_equal(conn.nsent, 1);   /* nothing after the final frame */
    done();
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    const char *slow = "{\"id\":\"d\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"q\"}}";
    /* The gateway does not detect duplicates: both get full answers. */
    assert_int_equal(make("gateway", "{\"delay_ms\":5}"), 0);
    send_text(slow);
    send_text(slow);
    fake_advance_to(fake_now_us + 100000);
    assert_int_equal(count_for("\"d\""), 10);
    done();
    /* The document makes ids unique while in flight. */
    assert_int_equal(make("spec", "{\"delay_ms\":5}"), 0);
    send_text(slow);
    send_text(slow);
    assert_int_equal(conn.nsent, 1);
    assert_string_equal(conn.sent[0], "{\"id\":\"d\",\"error\":{\"type\":\"gateway-error\",\"message\":\"Duplicate request id\"}}");
    fake_advance_to(fake_now_us + 100000);
    assert_int_equal(count_for("\"d\""), 4);
    send_text(slow);   /* finished: the id is free again */
    fake_advance_to(fake_now_us + 100000);
    assert_int_equal(count_for("\"d\""), 7);
    done();
}

static void test_close_abandons_work_and_binary_is_json(void **state)
{
    (void)state;
    assert_int_equal(make("gateway", NULL), 0);
    const char *frame = "{\"id\":\"b\",\"service\":\"config\",\"request\":{\"operation\":\"frob\"}}";
    tg_dialect.message(st, &conn, session, frame, strlen(frame), true);
    assert_int_equal(conn.nsent, 1);
    assert_string_equal(conn.sent[0], "{\"id\":\"b\",\"response\":{\"error\":{\"type\":\"bad-operation\","
                                      "\"message\":\"Bad operation\"}},\"complete\":true}");
    send_text("{\"id\":\"a\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"q\",\"streaming\":true}}");
    assert_int_equal(fake_armed_timers(), 1);
    done();   /* close stops the timer and frees the request (ASan checks the rest) */
}


/* One REST call through the dialect; returns the status, body in *body (static). */
static char *last;

static void rest_free(void)
{
    free(last);
    last = NULL;
}

static int rest(const char *method, const char *path, const char *headers, const char *body, const char **out)
{
    free(last);
    last = NULL;
    fake_request fr;
    fake_request_init(&fr, method, path, "", headers, body, body ? strlen(body) : 0);
    wsrv_response res = { .status = 404 };
    tg_dialect.http(st, &fr.req, &res);
    fake_request_free(&fr);
    free(res.headers);
    last = res.body ? strndup(res.body, res.body_len) : NULL;
    free(res.body);
    if (out)
        *out = last;
    return res.status;
}

static void test_rest_twins_gateway(void **state)
{
    (void)state;
    const char *b;
    assert_int_equal(make("gateway", "{\"delay_ms\":0}"), 0);
    assert_int_equal(rest("POST", "/api/v1/config", NULL, "{\"operation\":\"list\",\"type\":\"flow\"}", &b), 200);
    assert_string_equal(b, "{\"version\":1,\"values\":[],\"directory\":[\"default\"],\"config\":{}}");
    /* Streamed answers: only the last frame's response (an agent's empty end marker). */
    assert_int_equal(rest("POST", "/api/v1/flow/default/service/agent", NULL,
                          "{\"question\":\"q\",\"streaming\":true}", &b), 200);
    assert_string_equal(b, "{\"message_type\":\"answer\",\"end_of_message\":true,\"end_of_dialog\":true}");
    /* Gateway exceptions: 200 with a string; back-end errors: 200 structured. */
    assert_int_equal(rest("POST", "/api/v1/flow/nope/service/agent", NULL, "{}", &b), 200);
    assert_string_equal(b, "{\"error\":\"Invalid flow\"}");
    assert_int_equal(rest("POST", "/api/v1/foo", NULL, "{}", &b), 200);
    assert_string_equal(b, "{\"error\":\"'foo'\"}");
    assert_int_equal(rest("POST", "/api/v1/config", NULL, "{oops", &b), 200);
    assert_string_equal(b, "{\"error\":\"Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\"}");
    assert_int_equal(rest("POST", "/api/v1/config", NULL, "{\"operation\":\"x\"}", &b), 200);
    assert_string_equal(b, "{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}}");
    assert_int_equal(rest("POST", "/api/v1/flow/default/service/agent", NULL, "{}", &b), 200);
    assert_string_equal(b, "{\"error\":{\"type\":\"gateway-error\",\"message\":\"'question'\"}}");
    assert_int_equal(rest("GET", "/api/v1/config", NULL, NULL, &b), 405);
    assert_int_equal(rest("GET", "/api/v1/socket", NULL, NULL, &b), 400);
    assert_string_equal(b, "No WebSocket UPGRADE hdr: None\n Can \"Upgrade\" only to \"WebSocket\".");
    assert_int_equal(rest("POST", "/elsewhere", NULL, "{}", &b), 404);
    /* Any scheme but Bearer is refused even without a secret. */
    assert_int_equal(rest("POST", "/api/v1/config", "Authorization: Basic eA==\r\n", "{}", &b), 401);
    assert_string_equal(b, "401: Unauthorized");
    assert_int_equal(rest("POST", "/api/v1/config", "Authorization: Bearer anything\r\n", "{\"operation\":\"list\"}", &b), 200);
    done();

    assert_int_equal(make("gateway", "{\"secret\":\"k\"}"), 0);
    assert_int_equal(rest("POST", "/api/v1/config", NULL, "{}", &b), 401);
    assert_int_equal(rest("POST", "/api/v1/config", "Authorization: Bearer\r\n", "{}", &b), 401);
    assert_int_equal(rest("POST", "/api/v1/config", "Authorization: Bearer x\r\n", "{}", &b), 401);
    assert_int_equal(rest("POST", "/api/v1/config", "Authorization: Bearer k\r\n", "{\"operation\":\"list\"}", &b), 200);
    done();
    rest_free();
}

static void test_rest_twins_spec(void **state)
{
    (void)state;
    const char *b;
    assert_int_equal(make("spec", "{\"secret\":\"k\"}"), 0);
    assert_int_equal(rest("POST", "/api/v1/config", NULL, "{}", &b), 401);
    assert_string_equal(b, "{\"error\":\"Unauthorized\"}");
    const char *auth = "Authorization: Bearer k\r\n";
    assert_int_equal(rest("POST", "/api/v1/flow/default/service/text-completion", auth,
                          "{\"system\":\"be brief\",\"prompt\":\"hello\"}", &b), 200);
    assert_string_equal(b, "{\"response\":\"trust relation link entity pattern trust context signal reason document "
                           "memory document insight document source query\",\"end-of-stream\":true}");
    assert_int_equal(rest("POST", "/api/v1/flow/nope/service/agent", auth, "{}", &b), 500);
    assert_string_equal(b, "{\"error\":{\"type\":\"gateway-error\",\"message\":\"Flow not found\"}}");
    assert_int_equal(rest("POST", "/api/v1/config", auth, "{\"operation\":\"x\"}", &b), 500);
    assert_string_equal(b, "{\"error\":{\"type\":\"bad-operation\",\"message\":\"Bad operation\"}}");
    assert_int_equal(rest("POST", "/api/v1/config", auth, "nope", &b), 500);
    assert_string_equal(b, "{\"error\":{\"type\":\"gateway-error\",\"message\":\"Invalid JSON\"}}");
    done();
    rest_free();
}

/* reorder_ms delays each answer by a pause chosen by its id, so 50 quick answers come back
 * out of request order, each exactly once and at its computed time. */
static void test_reorder(void **state)
{
    (void)state;
    assert_int_equal(make("gateway", "{\"reorder_ms\":1000}"), 0);
    uint64_t t0 = fake_now_us;
    char frame[160];
    uint32_t due[50];
    for (int i = 0; i < 50; i++) {
        snprintf(frame, sizeof frame, "{\"id\":\"r%d\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"flow\"}}", i);
        send_text(frame);
        char idtext[16];
        snprintf(idtext, sizeof idtext, "r%d", i);
        cJSON *id = cJSON_CreateString(idtext);
        due[i] = tg_reorder_delay(1, id, 1000);
        cJSON_Delete(id);
    }
    /* The delay is the defined hash of the id's JSON text. */
    cJSON *id0 = cJSON_CreateString("r0");
    assert_int_equal(tg_reorder_delay(1, id0, 1000), mock_tg_hash(1, "reorder", "\"r0\"") % 1001);
    cJSON_Delete(id0);
    fake_advance_to(t0 + 1001000);
    assert_int_equal(conn.nsent, 50);
    bool out_of_order = false;
    for (size_t k = 1; k < conn.nsent; k++) {
        int a = atoi(conn.sent[k - 1] + 8), b = atoi(conn.sent[k] + 8);
        assert_true(due[a] <= due[b]);   /* sent in order of their pauses */
        out_of_order = out_of_order || a > b;
    }
    assert_true(out_of_order);
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "\"r%d\"", i);
        assert_int_equal(count_for(id), 1);
    }
    done();
}

/* A client that does not read: timed frames wait while over a MiB is queued, and go on
 * when the core reports the queue drained. */
static void test_backpressure(void **state)
{
    (void)state;
    assert_int_equal(make("gateway", "{\"delay_ms\":5}"), 0);
    size_t big = TG_HIGH_WATER + 100;
    char *frame = malloc(big + 200);
    int k = sprintf(frame, "{\"id\":\"fill\",\"service\":\"config\",\"request\":{\"operation\":\"get\",\"keys\":[{\"type\":\"");
    memset(frame + k, 'x', big);
    sprintf(frame + k + big, "\",\"key\":\"k\"}]}}");
    send_text(frame);
    free(frame);
    assert_int_equal(conn.nsent, 1);   /* over a MiB queued, nothing delivered */
    send_text("{\"id\":\"s\",\"service\":\"agent\",\"flow\":\"default\",\"request\":{\"question\":\"q\"}}");
    fake_advance_to(fake_now_us + 100000);
    assert_int_equal(count_for("\"s\""), 0);
    assert_int_equal(fake_armed_timers(), 0);
    fake_conn_drain(&conn);
    tg_dialect.writable(st, &conn, session);
    fake_advance_to(fake_now_us + 100000);
    assert_int_equal(count_for("\"s\""), 5);
    done();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_options_and_profiles),
        cmocka_unit_test(test_upgrade_path_and_auth),
        cmocka_unit_test(test_subprotocol_selection),
        cmocka_unit_test(test_slow_stream_does_not_hold_back_fast_answer),
        cmocka_unit_test(test_many_requests_interleave),
        cmocka_unit_test(test_timeout_replaces_late_answer),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_close_abandons_work_and_binary_is_json),
        cmocka_unit_test(test_rest_twins_gateway),
        cmocka_unit_test(test_rest_twins_spec),
        cmocka_unit_test(test_reorder),
        cmocka_unit_test(test_backpressure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

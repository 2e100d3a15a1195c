/* The HIRO dialect against a fake core: configuration, the handshake (routes,
 * subprotocol choice, query parameters), tokens (JWT and compact, expiry, refresh), the
 * event stream fed by graph writes, list answers paced and interleaved, and content
 * upload over HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fake_core.h"
#include "hiro/hiro_compact_token.h"
#include "hiro/hiro_dialect.h"
#include "hiro/hiro_internal.h"

#define KEY HIRO_DEFAULT_TOKEN_KEY
#define NOW_S 1764115200.0

static const wsrv_dialect *d = &hiro_dialect;

typedef struct {
    void *state;
    wsrv_conn conn[4];
    hiro_session sess[4];
    bool opened[4];
} fixture;

static fixture fx;

static int make_with(const char *config, const char *const *faults, wsrv_vhost_opts *opts_out, char *err, size_t errlen)
{
    mock_fault_set set = { 0 };
    for (; faults && *faults; faults++)
        assert_true(mock_fault_set_add(&set, *faults));
    cJSON *cfg = config ? cJSON_Parse(config) : NULL;
    wsrv_dialect_env env = { .seed = 1, .faults = &set, .config = cfg, .max_message_size = 1 << 20 };
    wsrv_vhost_opts opts = { 0 };
    memset(&fx, 0, sizeof fx);
    fake_wall_s = NOW_S;
    fake_now_us = 0;
    int rc = d->create(&env, &opts, &fx.state, err, errlen);
    cJSON_Delete(cfg);
    if (opts_out)
        *opts_out = opts;
    return rc;
}

static void make(const char *config, const char *const *faults)
{
    char err[256];
    assert_int_equal(make_with(config, faults, NULL, err, sizeof err), 0);
}

static void done(void)
{
    for (int i = 0; i < 4; i++) {
        if (fx.opened[i])
            d->close(fx.state, &fx.conn[i], &fx.sess[i]);
        fake_conn_reset(&fx.conn[i]);
    }
    d->destroy(fx.state);
    assert_int_equal(fake_armed_timers(), 0);
}

static char *jwt(const char *sub, double ttl_s)
{
    hiro_token_claims c = { 0 };
    snprintf(c.sub, sizeof c.sub, "%s", sub);
    c.iat_ms = (int64_t)(NOW_S * 1000);
    c.exp_ms = (int64_t)((NOW_S + ttl_s) * 1000);
    char *t = hiro_token_issue((const unsigned char *)KEY, strlen(KEY), &c);
    assert_non_null(t);
    return t;
}

/* "<sub>.<exp>.<first 22 of base64url(HMAC)>" into out. */
static void compact(const char *sub, long exp_s, const char *key, char *out, size_t size)
{
    char signing[64];
    snprintf(signing, sizeof signing, "%s.%ld", sub, exp_s);
    unsigned char mac[32];
    unsigned int n = 0;
    HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)signing, strlen(signing), mac, &n);
    unsigned char b64[64];
    EVP_EncodeBlock(b64, mac, 32);
    for (char *p = (char *)b64; *p; p++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    snprintf(out, size, "%s.%.22s", signing, (char *)b64);
}

/* Runs upgrade with path/query/offer for connection i; returns its status. */
static int upgrade(int i, const char *path, const char *query, const char *offer)
{
    char headers[1024] = "";
    if (offer)
        snprintf(headers, sizeof headers, "Sec-WebSocket-Protocol: %s\r\n", offer);
    fake_request fr;
    fake_request_init(&fr, "GET", path, query, offer ? headers : NULL, NULL, 0);
    memset(&fx.sess[i], 0, sizeof fx.sess[i]);
    fake_selected_subprotocol[0] = '\0';
    int rc = d->upgrade(fx.state, &fr.req, &fx.sess[i]);
    fake_request_free(&fr);
    return rc;
}

/* Upgrade and open connection i with a valid token of account sub. */
static void connect(int i, const char *path, const char *query, const char *proto, const char *sub)
{
    char *t = jwt(sub, 600);
    char offer[1024];
    snprintf(offer, sizeof offer, "%s, token-%s", proto, t);
    free(t);
    assert_int_equal(upgrade(i, path, query, offer), 0);
    d->open(fx.state, &fx.conn[i], &fx.sess[i]);
    fx.opened[i] = true;
}

static void send_text(int i, const char *text)
{
    d->message(fx.state, &fx.conn[i], &fx.sess[i], text, strlen(text), false);
}

static const char *last(int i)
{
    assert_true(fx.conn[i].nsent > 0);
    return fx.conn[i].sent[fx.conn[i].nsent - 1];
}

static void test_config(void **state)
{
    (void)state;
    wsrv_vhost_opts opts;
    char err[256];
    assert_int_equal(make_with(NULL, NULL, &opts, err, sizeof err), 0);
    assert_true(opts.tls);
    assert_null(opts.subprotocols);
    assert_int_equal(opts.max_message_size, HIRO_MIN_MESSAGE_SIZE);
    done();
    assert_int_equal(make_with("{\"tls\":false,\"lenient_subprotocols\":true}", NULL, &opts, err, sizeof err), 0);
    assert_false(opts.tls);
    done();
    assert_int_equal(make_with("{\"tsl\":false}", NULL, NULL, err, sizeof err), -1);
    assert_string_equal(err, "hiro config: unknown key \"tsl\"");
    assert_int_equal(make_with("{\"tls\":\"no\"}", NULL, NULL, err, sizeof err), -1);
    assert_int_equal(make_with("{\"blob_chunk\":1}", NULL, NULL, err, sizeof err), -1);

    /* profiles name the subprotocol mode; an explicit config must agree */
    wsrv_dialect_env env = { .seed = 1, .profile = "x" };
    void *st = NULL;
    assert_int_equal(d->create(&env, &opts, &st, err, sizeof err), -1);
    assert_string_equal(err, "unknown profile \"x\" (strict, lenient)");
    cJSON *strict_cfg = cJSON_Parse("{\"lenient_subprotocols\":false}");
    env.config = strict_cfg;
    env.profile = "lenient";
    assert_int_equal(d->create(&env, &opts, &st, err, sizeof err), -1);
    assert_string_equal(err, "profile lenient contradicts \"lenient_subprotocols\": false");
    env.profile = "strict";
    assert_int_equal(d->create(&env, &opts, &st, err, sizeof err), 0);
    assert_false(((hiro_state *)st)->cfg.lenient);
    d->destroy(st);
    cJSON_Delete(strict_cfg);
    env.config = NULL;
    env.profile = "lenient";
    assert_int_equal(d->create(&env, &opts, &st, err, sizeof err), 0);
    assert_true(((hiro_state *)st)->cfg.lenient);
    d->destroy(st);
    assert_int_equal(d->default_port, 8443);
}

static void test_routes_and_offer(void **state)
{
    (void)state;
    make(NULL, NULL);
    const char *offer_e = "events-1.0.0, token-x";
    assert_int_equal(upgrade(0, "/api/events-ws/6.2/", "", offer_e), 0);
    assert_string_equal(fake_selected_subprotocol, "events-1.0.0");
    assert_true(fx.sess[0].has_token);
    assert_string_equal(fx.sess[0].token, "x");
    assert_int_equal(upgrade(0, "/api/events-ws/6.2", "", "token-x, events-1.0.0"), 0);
    assert_string_equal(fake_selected_subprotocol, "events-1.0.0");
    assert_int_equal(upgrade(0, "/api/graph-ws/6.1/", "", "graph-2.0.0, token-x"), 0);
    assert_string_equal(fake_selected_subprotocol, "graph-2.0.0");
    assert_int_equal(fx.sess[0].ep, HIRO_EP_GRAPH);
    assert_int_equal(upgrade(0, "/_g/", "", "graph-2.0.0, token-x"), 0);
    assert_int_equal(upgrade(0, "/_events/", "", offer_e), 0);
    assert_int_equal(upgrade(0, "/api/other-ws/6/", "", offer_e), 404);
    /* strict: the endpoint's own name or nothing */
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", "None, token-x"), 400);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", "graph-2.0.0, token-x"), 400);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", NULL), 400);
    /* query parameters */
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "groupId=g1&offset=smallest&delta=true&allscopes=false", offer_e), 0);
    assert_string_equal(fx.sess[0].group_id, "g1");
    assert_int_equal(fx.sess[0].offset, HIRO_OFFSET_SMALLEST);
    assert_true(fx.sess[0].delta);
    assert_false(fx.sess[0].allscopes);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "offset=first", offer_e), 400);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "delta=yes", offer_e), 400);
    done();

    make("{\"lenient_subprotocols\":true,\"legacy_aliases\":false}", NULL);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", "None, token-x"), 0);
    assert_string_equal(fake_selected_subprotocol, "None");
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", "token-x, graph-2.0.0"), 0);
    assert_string_equal(fake_selected_subprotocol, "graph-2.0.0");
    assert_int_equal(upgrade(0, "/_g/", "", "graph-2.0.0, token-x"), 404);
    done();

    static const char *const lenient_fault[] = { "hiro.lenient-refuses", NULL };
    make("{\"lenient_subprotocols\":true}", lenient_fault);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", "None, token-x"), 400);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", "events-1.0.0, token-x"), 0);
    done();

    static const char *const token_fault[] = { "hiro.token-entry-selected", NULL };
    make(NULL, token_fault);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", offer_e), 0);
    assert_string_equal(fake_selected_subprotocol, "token-x");
    done();
}

static void expect_refused(int i, const char *message)
{
    char want[160];
    snprintf(want, sizeof want, "{\"error\":{\"code\":401,\"message\":\"%s\"}}", message);
    assert_int_equal(fx.conn[i].nsent, 1);
    assert_string_equal(fx.conn[i].sent[0], want);
    assert_int_equal(fx.conn[i].close_code, 1008);
}

/* Opens connection 1 of the graph endpoint with offer: refused after the upgrade. */
static void refused_with(const char *offer, hiro_token_status why)
{
    assert_int_equal(upgrade(1, "/api/graph-ws/6/", "", offer), 0);
    d->open(fx.state, &fx.conn[1], &fx.sess[1]);
    expect_refused(1, hiro_token_status_message(why));
    /* frames after the refusal are ignored */
    send_text(1, "{\"id\":\"1\",\"type\":\"me\"}");
    assert_int_equal(fx.conn[1].nsent, 1);
    d->close(fx.state, &fx.conn[1], &fx.sess[1]);
    fake_conn_reset(&fx.conn[1]);
}

static void test_handshake_tokens(void **state)
{
    (void)state;
    make(NULL, NULL);
    char tok[128], offer[256];
    /* compact token, valid */
    compact("acct1", (long)NOW_S + 60, KEY, tok, sizeof tok);
    assert_true(strlen(tok) + strlen("token-") < 64);
    snprintf(offer, sizeof offer, "events-1.0.0, token-%s", tok);
    assert_int_equal(upgrade(0, "/api/events-ws/6/", "", offer), 0);
    d->open(fx.state, &fx.conn[0], &fx.sess[0]);
    fx.opened[0] = true;
    assert_int_equal(fx.conn[0].nsent, 0);
    assert_string_equal(fx.sess[0].claims.sub, "acct1");
    assert_string_equal(fx.sess[0].claims.default_scope, "acct1");
    /* wrong key, expired, not a token, missing: 101, the 401 frame, Close 1008 */
    compact("acct1", (long)NOW_S + 60, "other-key", tok, sizeof tok);
    snprintf(offer, sizeof offer, "graph-2.0.0, token-%s", tok);
    refused_with(offer, HIRO_TOKEN_BAD_SIGNATURE);
    compact("acct1", (long)NOW_S - 1, KEY, tok, sizeof tok);
    snprintf(offer, sizeof offer, "graph-2.0.0, token-%s", tok);
    refused_with(offer, HIRO_TOKEN_EXPIRED);
    refused_with("graph-2.0.0, token-x.1.y", HIRO_TOKEN_MALFORMED);
    refused_with("graph-2.0.0, token-", HIRO_TOKEN_MISSING);
    refused_with("graph-2.0.0", HIRO_TOKEN_MISSING);
    done();
}

static void test_compact_token_form(void **state)
{
    (void)state;
    hiro_token_claims c;
    hiro_token_status st;
    const unsigned char *k = (const unsigned char *)KEY;
    char tok[128];
    compact("a-b_c", 2000000000L, KEY, tok, sizeof tok);
    assert_true(hiro_compact_token_verify(k, strlen(KEY), tok, 0, &c, &st));
    assert_int_equal(st, HIRO_TOKEN_OK);
    assert_int_equal(c.exp_ms, 2000000000000LL);
    assert_true(hiro_compact_token_verify(k, strlen(KEY), tok, 2000000000000LL, &c, &st));
    assert_int_equal(st, HIRO_TOKEN_EXPIRED);
    tok[strlen(tok) - 1] ^= 1;
    assert_true(hiro_compact_token_verify(k, strlen(KEY), tok, 0, &c, &st));
    assert_int_equal(st, HIRO_TOKEN_BAD_SIGNATURE);
    /* issue, then verify */
    char issued[128];
    assert_true(hiro_compact_token_issue(k, strlen(KEY), "a-b_c", 2000000000LL, issued, sizeof issued));
    compact("a-b_c", 2000000000L, KEY, tok, sizeof tok);
    assert_string_equal(issued, tok);
    assert_false(hiro_compact_token_issue(k, strlen(KEY), "", 1, issued, sizeof issued));
    assert_false(hiro_compact_token_issue(k, strlen(KEY), "a.b", 1, issued, sizeof issued));
    assert_false(hiro_compact_token_issue(k, strlen(KEY), "abcdefghijklmnopq", 1, issued, sizeof issued));
    assert_false(hiro_compact_token_issue(k, strlen(KEY), "abc", 1, issued, 10));
    /* not the compact form at all */
    const char *others[] = { "a.b.c", "a.12.short", "a b.12.0123456789012345678901", "a.1x.0123456789012345678901",
                             ".12.0123456789012345678901", "a.12.0123456789012345678901.x",
                             "abcdefghijklmnopq.12.0123456789012345678901" };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_false(hiro_compact_token_verify(k, strlen(KEY), others[i], 0, &c, &st));
}

static void test_events_from_graph_writes(void **state)
{
    (void)state;
    make(NULL, NULL);
    connect(0, "/api/events-ws/6/", "allscopes=false", "events-1.0.0", "alice");
    connect(1, "/api/graph-ws/6/", "", "graph-2.0.0", "alice");
    connect(2, "/api/events-ws/6/", "allscopes=false", "events-1.0.0", "bob");
    send_text(0, "{\"type\":\"register\",\"args\":{\"filter-id\":\"f\",\"filter-type\":\"jfilter\","
                 "\"filter-content\":\"(element.ogit/_type = ogit/Question)\"}}");
    send_text(0, "{\"type\":\"subscribe\",\"id\":\"elsewhere\"}");
    send_text(2, "{\"type\":\"register\",\"args\":{\"filter-content\":\"(element.ogit/_id=*)\"}}");
    assert_int_equal(fx.conn[0].nsent, 0); /* success is silent */
    send_text(1, "{\"id\":5,\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Question\"},\"body\":{\"/a\":\"1\"}}");
    assert_int_equal(fx.conn[1].nsent, 1);
    cJSON *answer = cJSON_Parse(last(1));
    assert_int_equal(cJSON_GetObjectItem(answer, "id")->valueint, 5);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(answer, "multi")));
    const char *id = cJSON_GetObjectItem(cJSON_GetObjectItem(answer, "body"), "ogit/_id")->valuestring;
    assert_int_equal(fx.conn[0].nsent, 1);
    cJSON *ev = cJSON_Parse(fx.conn[0].sent[0]);
    assert_string_equal(cJSON_GetObjectItem(ev, "id")->valuestring, id);
    assert_string_equal(cJSON_GetObjectItem(ev, "type")->valuestring, "CREATE");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "metadata"), "ogit/_modified-by")->valuestring,
                        "alice");
    assert_int_equal(fx.conn[2].nsent, 0); /* bob's scope is not alice's */
    cJSON_Delete(ev);
    cJSON_Delete(answer);
    /* errors: bad filter, not JSON, double-encoded; the socket stays usable */
    send_text(0, "{\"type\":\"register\",\"args\":{\"filter-id\":\"b\",\"filter-content\":\"(element.x=\"}}");
    assert_non_null(strstr(last(0), "{\"error\":{\"code\":400,\"message\":\"jfilter: at "));
    send_text(0, "nope");
    assert_non_null(strstr(last(0), "\"code\":400"));
    d->message(fx.state, &fx.conn[0], &fx.sess[0], "\x01\x02", 2, true);
    assert_non_null(strstr(last(0), "\"code\":400"));
    assert_int_equal(fx.conn[0].close_code, 0);
    done();
}

/* Pongs are tolerated; a Close from the client answers 1002 for invalid codes; a
 * connection ending without a Close leaves its group like any other. */
static void test_pongs_and_peer_ends(void **state)
{
    (void)state;
    make(NULL, NULL);
    connect(0, "/api/graph-ws/6/", "", "graph-2.0.0", "alice");
    for (int i = 0; i < 3; i++)
        d->pong(fx.state, &fx.conn[0], &fx.sess[0], "hb", 2);
    send_text(0, "{\"id\":1,\"type\":\"me\"}");
    assert_int_equal(fx.conn[0].nsent, 1);
    assert_int_equal(d->peer_close(fx.state, &fx.conn[0], &fx.sess[0], 1002, "", 0), 1002);
    assert_int_equal(d->peer_close(fx.state, &fx.conn[0], &fx.sess[0], 4001, "", 0), 4001);
    assert_int_equal(d->peer_close(fx.state, &fx.conn[0], &fx.sess[0], 1005, "", 0), 1000);
    assert_true(fx.sess[0].peer_closed);
    /* two members of g; the one ending TCP without a Close hands its share back */
    connect(1, "/api/events-ws/6/", "groupId=g&allscopes=false", "events-1.0.0", "alice");
    connect(2, "/api/events-ws/6/", "groupId=g&allscopes=false", "events-1.0.0", "alice");
    for (int i = 1; i <= 2; i++)
        send_text(i, "{\"type\":\"register\",\"args\":{\"filter-content\":\"(element.ogit/_id=*)\"}}");
    d->close(fx.state, &fx.conn[2], &fx.sess[2]);
    fx.opened[2] = false;
    for (int i = 0; i < 4; i++)
        send_text(0, "{\"id\":2,\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Question\"}}");
    assert_int_equal(fx.conn[1].nsent, 4);
    done();

    static const char *const faults[] = { "hiro.duplicate-pong-deafens", "hiro.tcp-drop-keeps-member", NULL };
    make(NULL, faults);
    connect(0, "/api/graph-ws/6/", "", "graph-2.0.0", "alice");
    d->pong(fx.state, &fx.conn[0], &fx.sess[0], "hb", 2);
    send_text(0, "{\"id\":1,\"type\":\"me\"}");
    assert_int_equal(fx.conn[0].nsent, 1);
    d->pong(fx.state, &fx.conn[0], &fx.sess[0], "hb", 2);
    send_text(0, "{\"id\":1,\"type\":\"me\"}");
    assert_int_equal(fx.conn[0].nsent, 1); /* deafened */
    connect(1, "/api/events-ws/6/", "groupId=g&allscopes=false", "events-1.0.0", "alice");
    connect(2, "/api/events-ws/6/", "groupId=g&allscopes=false", "events-1.0.0", "alice");
    connect(3, "/api/graph-ws/6/", "", "graph-2.0.0", "alice");
    for (int i = 1; i <= 2; i++)
        send_text(i, "{\"type\":\"register\",\"args\":{\"filter-content\":\"(element.ogit/_id=*)\"}}");
    d->close(fx.state, &fx.conn[2], &fx.sess[2]);
    fx.opened[2] = false;
    for (int i = 0; i < 4; i++)
        send_text(3, "{\"id\":2,\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Question\"}}");
    assert_int_equal(fx.conn[1].nsent, 2); /* the orphan kept half */
    done();
}

static void test_expiry_and_refresh(void **state)
{
    (void)state;
    make(NULL, NULL);
    char tok[128], offer[256];
    compact("carol", (long)NOW_S + 2, KEY, tok, sizeof tok);
    snprintf(offer, sizeof offer, "events-1.0.0, token-%s", tok);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(upgrade(i, "/api/events-ws/6/", "", offer), 0);
        d->open(fx.state, &fx.conn[i], &fx.sess[i]);
        fx.opened[i] = true;
    }
    char *fresh = jwt("carol", 600);
    char msg[1024];
    snprintf(msg, sizeof msg, "{\"type\":\"token\",\"args\":{\"_TOKEN\":\"%s\"}}", fresh);
    free(fresh);
    send_text(1, msg);
    send_text(1, "{\"type\":\"token\",\"args\":{\"_TOKEN\":\"junk\"}}");
    assert_int_equal(fx.conn[1].nsent, 1);
    assert_string_equal(last(1), "{\"error\":{\"code\":401,\"message\":\"token malformed\"}}");
    fake_wall_s = NOW_S + 3;
    fake_advance_to(3000000);
    expect_refused(0, "token expired");
    assert_int_equal(fx.conn[1].nsent, 1);
    assert_int_equal(fx.conn[1].close_code, 0);
    done();
}

static void test_list_answers_paced_and_interleaved(void **state)
{
    (void)state;
    make(NULL, NULL);
    connect(0, "/api/graph-ws/6/", "", "graph-2.0.0", "dave");
    char msg[256];
    for (int i = 0; i < 20; i++) {
        snprintf(msg, sizeof msg, "{\"id\":\"c%d\",\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Q\"},"
                                  "\"body\":{\"/i\":%d}}", i, i);
        send_text(0, msg);
    }
    fake_conn_drain(&fx.conn[0]);
    size_t base = fx.conn[0].nsent;
    send_text(0, "{\"id\":\"big\",\"type\":\"query\",\"headers\":{\"type\":\"vertices\"},"
                 "\"body\":{\"query\":\"ogit\\\\/_type:ogit\\\\/Q\",\"order\":\"/i asc\"}}");
    assert_int_equal(fx.conn[0].nsent - base, HIRO_PUMP_QUEUE);
    send_text(0, "{\"id\":\"one\",\"type\":\"me\"}");
    assert_non_null(strstr(last(0), "\"id\":\"one\""));
    size_t guard = 0;
    while (fx.sess[0].pending && guard++ < 100) {
        fake_conn_drain(&fx.conn[0]);
        d->writable(fx.state, &fx.conn[0], &fx.sess[0]);
    }
    /* 20 envelopes of "big" in order, the last with more:false, and "one" among them */
    int next = 0;
    for (size_t k = base; k < fx.conn[0].nsent; k++) {
        cJSON *e = cJSON_Parse(fx.conn[0].sent[k]);
        if (strcmp(cJSON_GetObjectItem(e, "id")->valuestring, "big") == 0) {
            assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "body"), "/i")->valueint, next);
            assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(e, "more")), next < 19);
            next++;
        }
        cJSON_Delete(e);
    }
    assert_int_equal(next, 20);
    assert_int_equal(fx.conn[0].nsent - base, 21);
    done();
}

static void test_content_upload(void **state)
{
    (void)state;
    make(NULL, NULL);
    connect(0, "/api/graph-ws/6/", "", "graph-2.0.0", "erin");
    send_text(0, "{\"id\":\"c\",\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Attachment\"}}");
    cJSON *a = cJSON_Parse(last(0));
    char path[256];
    snprintf(path, sizeof path, "/api/graph/7.0/%s/content",
             cJSON_GetObjectItem(cJSON_GetObjectItem(a, "body"), "ogit/_id")->valuestring);
    cJSON_Delete(a);
    fake_request fr;
    wsrv_response res = { 0 };
    fake_request_init(&fr, "POST", path, "", NULL, "abcdef", 6);
    d->http(fx.state, &fr.req, &res);
    assert_int_equal(res.status, 401);
    free(res.body);
    fake_request_free(&fr);
    char *t = jwt("erin", 60);
    char headers[1024];
    snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", t);
    free(t);
    memset(&res, 0, sizeof res);
    fake_request_init(&fr, "POST", "/api/graph/7.0/cjnothere_cjnothere/content", "", headers, "abcdef", 6);
    d->http(fx.state, &fr.req, &res);
    assert_int_equal(res.status, 404);
    free(res.body);
    fake_request_free(&fr);
    memset(&res, 0, sizeof res);
    fake_request_init(&fr, "PUT", path, "", headers, "abcdef", 6);
    d->http(fx.state, &fr.req, &res);
    assert_int_equal(res.status, 200);
    free(res.body);
    fake_request_free(&fr);
    memset(&res, 0, sizeof res);
    fake_request_init(&fr, "GET", "/elsewhere", "", NULL, NULL, 0);
    d->http(fx.state, &fr.req, &res);
    assert_int_equal(res.status, 404);
    free(res.body);
    fake_request_free(&fr);

    char vid[128];
    snprintf(vid, sizeof vid, "%.*s", (int)(strlen(path) - strlen("/api/graph/7.0/") - strlen("/content")),
             path + strlen("/api/graph/7.0/"));
    /* tokens from the IAM stand-in */
    const char *login = "{\"username\":\"frank\",\"password\":\"pw\"}";
    memset(&res, 0, sizeof res);
    fake_request_init(&fr, "POST", "/api/auth/6.1/app", "", NULL, login, strlen(login));
    d->http(fx.state, &fr.req, &res);
    assert_int_equal(res.status, 200);
    cJSON *issued = cJSON_Parse(res.body);
    const char *tok = cJSON_GetObjectItem(issued, "_TOKEN")->valuestring;
    assert_int_equal((int64_t)cJSON_GetObjectItem(issued, "expires-at")->valuedouble, (int64_t)((NOW_S + 3600) * 1000));
    hiro_token_claims claims;
    assert_int_equal(hiro_check_token(fx.state, tok, &claims), HIRO_TOKEN_OK);
    assert_string_equal(claims.sub, "frank");
    cJSON_Delete(issued);
    free(res.body);
    fake_request_free(&fr);
    const char *bad_logins[] = { "{\"username\":\"frank\"}", "{\"username\":\"a b\",\"password\":\"pw\"}", "nope" };
    for (size_t i = 0; i < 3; i++) {
        memset(&res, 0, sizeof res);
        fake_request_init(&fr, "POST", "/api/auth/6.1/app", "", NULL, bad_logins[i], strlen(bad_logins[i]));
        d->http(fx.state, &fr.req, &res);
        assert_int_equal(res.status, 400);
        free(res.body);
        fake_request_free(&fr);
    }

    char msg[512];
    snprintf(msg, sizeof msg, "{\"id\":\"b\",\"type\":\"getcontent\",\"headers\":{\"ogit/_id\":\"%s\"}}", vid);
    send_text(0, msg);
    assert_string_equal(last(0), "{\"id\":\"b\",\"multi\":true,\"more\":false,\"last\":true,"
                                 "\"body\":{\"data\":\"YWJjZGVm\",\"encoding\":\"base64\"}}");
    done();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_routes_and_offer),
        cmocka_unit_test(test_handshake_tokens),
        cmocka_unit_test(test_compact_token_form),
        cmocka_unit_test(test_events_from_graph_writes),
        cmocka_unit_test(test_pongs_and_peer_ends),
        cmocka_unit_test(test_expiry_and_refresh),
        cmocka_unit_test(test_list_answers_paced_and_interleaved),
        cmocka_unit_test(test_content_upload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The Kinode node against the fake core: both flows, pushes, close codes, the cap,
 * and the faults that change wire behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_core.h"
#include "kinode/kn_auth.h"
#include "kinode/kn_node.h"
#include "kinode/kn_jwt.h"

#define SECRET "wsconf-kinode-jwt-secret"
#define FUTURE 1800000000ULL

typedef struct client {
    wsrv_conn conn;
    kn_session s;
} client;

static kn_node node;
static client cl[4];

static void start(const char *fault, const char *config)
{
    mock_fault_set set = { 0 };
    if (fault) {
        for (int i = 0; i < MOCK_KN_FAULT_COUNT; i++)
            if (strcmp(mock_kn_faults[i].name, fault) == 0)
                set.active[set.count++] = &mock_kn_faults[i];
        assert_int_equal(set.count, 1);
    }
    cJSON *json = config ? cJSON_Parse(config) : NULL;
    kn_config cfg;
    char err[200];
    assert_int_equal(kn_config_load(json, &cfg, err, sizeof err), 0);
    cJSON_Delete(json);
    assert_int_equal(kn_node_init(&node, &cfg, 1, &set, NULL), 0);
    memset(cl, 0, sizeof cl);
    fake_wall_s = 1700000000.0;
}

static int teardown(void **st)
{
    (void)st;
    for (int i = 0; i < 4; i++) {
        if (cl[i].s.listed)
            kn_node_close(&node, &cl[i].s);
        fake_conn_reset(&cl[i].conn);
    }
    kn_node_free(&node);
    return 0;
}

static char *cookie_for(const char *node_name, uint64_t exp, const char *secret)
{
    char *tok = kn_jwt_mint(secret, strlen(secret), node_name, exp);
    char *c = malloc(strlen(tok) + 64);
    sprintf(c, "kinode-auth_fake.dev=%s", tok);
    free(tok);
    return c;
}

static int upgrade(client *c, const char *path, const char *cookie)
{
    return kn_node_upgrade(&node, path, cookie, NULL, &c->s);
}

static void open_path(client *c, const char *path, const char *cookie)
{
    assert_int_equal(upgrade(c, path, cookie), 0);
    kn_node_open(&node, &c->s, &c->conn);
}

static void text(client *c, const char *s)
{
    kn_node_message(&node, &c->s, s, strlen(s), false);
}

static void binary(client *c, const char *s, size_t n)
{
    kn_node_message(&node, &c->s, s, n, true);
}

static void assert_sent(client *c, size_t i, const char *data, bool is_binary)
{
    assert_true(i < c->conn.nsent);
    assert_string_equal(c->conn.sent[i], data);
    assert_int_equal(c->conn.sent_binary[i], is_binary);
}

static char *register_msg(const char *tok, const char *target, const char *extra)
{
    char *m = malloc(strlen(tok) + strlen(target) + strlen(extra) + 100);
    sprintf(m, "{\"auth_token\":\"%s\",\"target_process\":\"%s\",\"encrypted\":false%s}", tok, target, extra);
    return m;
}

/* --- register flow --- */

static void reg(client *c, const char *target, bool as_binary)
{
    assert_int_equal(upgrade(c, "/", NULL), 0);
    kn_node_open(&node, &c->s, &c->conn);
    char *tok = kn_jwt_mint(SECRET, strlen(SECRET), "fake.dev", 0);
    char *m = register_msg(tok, target, "");
    if (as_binary)
        binary(c, m, strlen(m));
    else
        text(c, m);
    free(m);
    free(tok);
}

static void test_reg_text_and_binary(void **st)
{
    (void)st;
    start(NULL, NULL);
    reg(&cl[0], "echo:conformance:sys", false);
    reg(&cl[1], "echo:conformance:sys", true);
    char want[40];
    for (int i = 0; i < 2; i++) {
        assert_int_equal(cl[i].conn.nsent, 1);
        assert_false(cl[i].conn.sent_binary[0]);
        snprintf(want, sizeof want, "{\"channel_id\":%u}", (unsigned)cl[i].s.channel_id);
        assert_string_equal(cl[i].conn.sent[0], want);
        assert_int_equal(cl[i].conn.close_code, 0);
    }
    assert_int_not_equal(cl[0].s.channel_id, cl[1].s.channel_id);
    /* after registration a text frame reaches the process as Binary: echoed as binary */
    text(&cl[0], "hello");
    assert_sent(&cl[0], 1, "hello", true);
    /* a second WsRegister is data */
    text(&cl[0], "{\"auth_token\":\"x\",\"target_process\":\"a:b:c\",\"encrypted\":false}");
    assert_int_equal(cl[0].conn.nsent, 3);
    assert_true(cl[0].conn.sent_binary[2]);
    assert_int_equal(cl[0].conn.close_code, 0);
}

static void test_reg_refusals_close_without_status(void **st)
{
    (void)st;
    start(NULL, NULL);
    char *good = kn_jwt_mint(SECRET, strlen(SECRET), "fake.dev", FUTURE);
    char *other_key = kn_jwt_mint("another", 7, "fake.dev", FUTURE);
    char *other_node = kn_jwt_mint(SECRET, strlen(SECRET), "other.dev", FUTURE);
    char *bad[] = {
        strdup("garbage"),
        strdup("{\"auth_token\":\"a.b.c\""),
        register_msg(good, "a:b", ""),
        register_msg(good, "a:b:c:d", ""),
        register_msg(other_key, "echo:conformance:sys", ""),
        register_msg(other_node, "echo:conformance:sys", ""),
        strdup("{\"auth_token\":\"x\",\"target_process\":\"a:b:c\"}"),
        strdup("{\"auth_token\":\"x\",\"target_process\":\"a:b:c\",\"encrypted\":\"false\"}"),
        strdup("{\"auth_token\":\"\xff\",\"target_process\":\"a:b:c\",\"encrypted\":false}"),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        client *c = &cl[0];
        assert_int_equal(upgrade(c, "/", NULL), 0);
        kn_node_open(&node, &c->s, &c->conn);
        text(c, bad[i]);
        assert_int_equal(c->conn.nsent, 0);
        assert_int_equal(c->conn.close_code, -1);
        assert_false(c->s.has_channel);
        kn_node_close(&node, &c->s);
        fake_conn_reset(&c->conn);
        memset(&c->s, 0, sizeof c->s);
        free(bad[i]);
    }
    assert_int_equal(node.nsessions, 0);
    free(good), free(other_key), free(other_node);
}

static void test_reg_lenient_parts(void **st)
{
    (void)st;
    start(NULL, NULL);
    char *tok = kn_jwt_mint(SECRET, strlen(SECRET), "fake.dev", 0);
    /* unknown process, encrypted true, extra keys: all register */
    const char *forms[] = { "{\"auth_token\":\"%s\",\"target_process\":\"no:such:process\",\"encrypted\":false}",
                            "{\"auth_token\":\"%s\",\"target_process\":\"echo:conformance:sys\",\"encrypted\":true}",
                            "{\"x\":1,\"auth_token\":\"%s\",\"target_process\":\"a:b:c\",\"encrypted\":false,\"y\":[]}" };
    for (int i = 0; i < 3; i++) {
        char m[600];
        snprintf(m, sizeof m, forms[i], tok);
        assert_int_equal(upgrade(&cl[i], "/", NULL), 0);
        kn_node_open(&node, &cl[i].s, &cl[i].conn);
        text(&cl[i], m);
        assert_int_equal(cl[i].conn.nsent, 1);
        assert_memory_equal(cl[i].conn.sent[0], "{\"channel_id\":", 14);
        assert_int_equal(cl[i].conn.close_code, 0);
    }
    /* frames to a process that does not exist go nowhere, the channel stays */
    text(&cl[0], "hello");
    assert_int_equal(cl[0].conn.nsent, 1);
    /* encrypted:true changes nothing: plaintext echo */
    text(&cl[1], "plain");
    assert_sent(&cl[1], 1, "plain", true);
    free(tok);
}

/* --- path-bound flow --- */

static void test_path_routes_and_auth(void **st)
{
    (void)st;
    start(NULL, NULL);
    char *good = cookie_for("fake.dev", FUTURE, SECRET);
    char *expired = cookie_for("fake.dev", 1600000000, SECRET);
    char *other_node = cookie_for("other.dev", FUTURE, SECRET);
    char *other_key = cookie_for("fake.dev", FUTURE, "another");
    kn_session s;
#define UP(path, cookie) (memset(&s, 0, sizeof s), kn_node_upgrade(&node, path, cookie, NULL, &s))
    assert_int_equal(UP("/echo:conformance:sys", good), 0);
    assert_int_equal(s.flow, KN_FLOW_PATH);
    assert_string_equal(s.path, "/");
    assert_int_equal(UP("/echo:conformance:sys/", good), 0);
    assert_int_equal(UP("/echo:conformance:sys/public", NULL), 0);
    assert_string_equal(s.path, "/public");
    assert_int_equal(UP("/echo:conformance:sys/public/", NULL), 0);
    assert_int_equal(UP("/ws-server:ws-server:template.os", NULL), 0);
    assert_int_equal(UP("/chat:chat:template.os", good), 0);
    assert_int_equal(UP("/", NULL), 0);
    assert_int_equal(s.flow, KN_FLOW_REG_WAIT);
    /* refusals: 404 */
    assert_int_equal(UP("/echo:conformance:sys", NULL), 404);
    assert_int_equal(UP("/echo:conformance:sys", expired), 404);
    assert_int_equal(UP("/echo:conformance:sys", other_node), 404);
    assert_int_equal(UP("/echo:conformance:sys", other_key), 404);
    assert_int_equal(UP("/echo:conformance:sys", "kinode-auth_fake.dev=not-a-jwt"), 404);
    assert_int_equal(UP("/echo:conformance:sys", "kinode-auth_other.dev=x.y.z"), 404);
    assert_int_equal(UP("/echo:conformance:sys/nope", good), 404);
    assert_int_equal(UP("/echo:conformance:sys//", good), 404);
    assert_int_equal(UP("/no:such:process", good), 404);
    assert_int_equal(UP("/chat:chat:template.os/messages", good), 404);
    assert_int_equal(UP("//", NULL), 404);
    /* the cookie among others, split on "; " */
    char both[600];
    snprintf(both, sizeof both, "a=b; %s; c=d", good);
    assert_int_equal(UP("/echo:conformance:sys", both), 0);
    snprintf(both, sizeof both, "a=b;%s", good); /* no space: not found, as in Kinode */
    assert_int_equal(UP("/echo:conformance:sys", both), 404);
    /* expiry is checked against the wall clock */
    fake_wall_s = (double)FUTURE;
    assert_int_equal(UP("/echo:conformance:sys", good), 404);
#undef UP
    free(good), free(expired), free(other_node), free(other_key);
}

static void test_path_push_types(void **st)
{
    (void)st;
    start(NULL, NULL);
    char *good = cookie_for("fake.dev", FUTURE, SECRET);
    open_path(&cl[0], "/echo:conformance:sys", good);
    assert_int_equal(cl[0].conn.nsent, 0); /* silent after the upgrade */
    text(&cl[0], "hello");
    assert_sent(&cl[0], 0, "hello", false);
    binary(&cl[0], "\x00\x01", 2);
    assert_int_equal(cl[0].conn.sent_len[1], 2);
    assert_true(cl[0].conn.sent_binary[1]);
    text(&cl[0], "{\"cmd\":\"push\",\"type\":\"Text\",\"hex\":\"61ff62\"}");
    assert_sent(&cl[0], 2, "a\xef\xbf\xbd" "b", false);
    text(&cl[0], "{\"cmd\":\"ping\",\"data\":\"abc\"}");
    assert_sent(&cl[0], 3, "PING:abc", true);
    char longping[300];
    snprintf(longping, sizeof longping, "{\"cmd\":\"ping\",\"data\":\"%0126d\"}", 0);
    text(&cl[0], longping);
    assert_int_equal(cl[0].conn.nsent, 4); /* nothing sent */
    text(&cl[0], "{\"cmd\":\"push\",\"type\":\"Binary\",\"hex\":\"00\",\"channel_id\":12345}");
    text(&cl[0], "{\"cmd\":\"events\"}");
    assert_non_null(strstr(cl[0].conn.sent[4], "{\"Err\":\"WsPingPongTooLong\"}"));
    assert_non_null(strstr(cl[0].conn.sent[4], "{\"Err\":\"WsChannelNotFound\"}"));
    assert_non_null(strstr(cl[0].conn.sent[4], "{\"WebSocketOpen\":{\"path\":\"/\",\"channel_id\":"));
    /* the client's Pong and Close reach the process as pushes */
    kn_node_pong(&node, &cl[0].s, "pp", 2);
    text(&cl[0], "{\"cmd\":\"events\"}");
    assert_non_null(strstr(cl[0].conn.sent[5], "\"message_type\":\"Pong\"},\"blob_len\":2,\"blob_hex\":\"7070\"}"));
    /* a process may push a Pong (a heartbeat) of at most 125 bytes */
    text(&cl[0], "{\"cmd\":\"push\",\"type\":\"Pong\",\"hex\":\"6869\"}");
    assert_sent(&cl[0], 6, "PONG:hi", true);
    /* process-initiated close: Close without status */
    open_path(&cl[1], "/echo:conformance:sys/public", NULL);
    kn_node_message(&node, &cl[1].s, "a\xff", 2, false);
    assert_int_equal(cl[1].conn.nsent, 0);
    assert_int_equal(cl[1].conn.close_code, -1);
    text(&cl[0], "{\"cmd\":\"close\"}");
    assert_int_equal(cl[0].conn.close_code, -1);
    free(good);
}

static void test_ws_server_and_chat(void **st)
{
    (void)st;
    start(NULL, NULL);
    char *good = cookie_for("fake.dev", FUTURE, SECRET);
    open_path(&cl[0], "/ws-server:ws-server:template.os/", NULL);
    assert_int_equal(cl[0].conn.nsent, 1);
    assert_sent(&cl[0], 0, "\"ack client connection\"", false);
    open_path(&cl[1], "/chat:chat:template.os", good);
    open_path(&cl[2], "/chat:chat:template.os", good);
    text(&cl[1], "{\"Send\":{\"target\":\"fake.dev\",\"message\":\"hi\"}}");
    assert_int_equal(cl[1].conn.nsent, 0);
    assert_sent(&cl[2], 0, "{\"NewMessage\":{\"chat\":\"fake.dev\",\"author\":\"fake.dev\",\"content\":\"hi\"}}", false);
    free(good);
}

static void test_close_codes(void **st)
{
    (void)st;
    start(NULL, NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 1000, "bye", 3), WSRV_CLOSE_ECHO);
    assert_string_equal(cl[0].conn.close_reason, "");
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 4001, "x", 1), WSRV_CLOSE_ECHO);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 3000, "", 0), WSRV_CLOSE_ECHO);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 1013, "", 0), WSRV_CLOSE_ECHO);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 1004, "", 0), 1002);
    assert_string_equal(cl[0].conn.close_reason, "Protocol violation");
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 1014, "", 0), 1002);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 2000, "", 0), 1002);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 999, "", 0), 1002);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 5000, "", 0), 1002);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 1005, "", 0), 0);
}

static void test_version_and_control_faults(void **st)
{
    (void)st;
    start(NULL, NULL);
    assert_int_equal(kn_node_version_refusal(&node, "13"), 0);
    assert_int_equal(kn_node_version_refusal(&node, "8"), 404);
    assert_int_equal(kn_node_version_refusal(&node, "13, 8"), 404);
    assert_int_equal(kn_node_version_refusal(&node, NULL), 404);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_int_equal(cl[0].conn.nsent, 0); /* no Ping, no Pong of its own */
    teardown(NULL);

    start("kinode.version-8-upgraded", NULL);
    assert_int_equal(kn_node_version_refusal(&node, "8"), 0);
    teardown(NULL);

    start("kinode.server-ping-on-open", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_sent(&cl[0], 0, "PING:keepalive", true);
    teardown(NULL);

    start("kinode.unsolicited-pong-on-open", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_sent(&cl[0], 0, "PONG:keepalive", true);
    teardown(NULL);

    start("kinode.close-code-replaced", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 4001, "x", 1), 1000);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 2000, "", 0), 1002);
    teardown(NULL);

    start("kinode.close-bad-code-echoed", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 4001, "x", 1), WSRV_CLOSE_ECHO);
    assert_int_equal(kn_node_peer_close(&node, &cl[0].s, 2000, "", 0), 2000);
}

/* A cookie header "kinode-auth_fake.dev@<process>=<token with subdomain sub>". */
static char *secure_cookie_for(const char *process, const char *sub, uint64_t exp, const char *secret)
{
    char claims[300];
    snprintf(claims, sizeof claims, "{\"username\":\"fake.dev\",\"subdomain\":\"%s\",\"expiration\":%llu}", sub,
             (unsigned long long)exp);
    char *tok = kn_jwt_sign(secret, strlen(secret), "{\"alg\":\"HS256\"}", claims);
    char *c = malloc(strlen(tok) + strlen(process) + 64);
    sprintf(c, "kinode-auth_fake.dev@%s=%s", process, tok);
    free(tok);
    return c;
}

static int up_secure(const char *cookie, const char *host)
{
    memset(&cl[0].s, 0, sizeof cl[0].s);
    return kn_node_upgrade(&node, "/echo:conformance:sys/secure", cookie, host, &cl[0].s);
}

static void test_secure_binding(void **st)
{
    (void)st;
    char sub[64];
    assert_true(kn_secure_subdomain("echo:conformance:sys", sub, sizeof sub));
    assert_string_equal(sub, "conformance-sys");
    assert_true(kn_secure_subdomain("settings:settings:sys", sub, sizeof sub));
    assert_string_equal(sub, "settings-sys");
    assert_true(kn_secure_subdomain("a:my_pkg:x.os", sub, sizeof sub));
    assert_string_equal(sub, "my-pkg-x-os");
    assert_false(kn_secure_subdomain("nocolons", sub, sizeof sub));

    char *good = secure_cookie_for("echo:conformance:sys", "echo:conformance:sys", FUTURE, SECRET);
    char *other = secure_cookie_for("echo:conformance:sys", "chat:chat:template.os", FUTURE, SECRET);
    char *expired = secure_cookie_for("echo:conformance:sys", "echo:conformance:sys", 1600000000, SECRET);
    char *wrong_key = secure_cookie_for("echo:conformance:sys", "echo:conformance:sys", FUTURE, "other");
    char *plain = cookie_for("fake.dev", FUTURE, SECRET);
    const char *host = "conformance-sys.localhost:8080";

    start(NULL, NULL);
    assert_int_equal(up_secure(good, host), 0);
    assert_string_equal(cl[0].s.path, "/secure");
    assert_int_equal(up_secure(good, "127.0.0.1:8080"), 404);
    assert_int_equal(up_secure(good, NULL), 404);
    assert_int_equal(up_secure(other, host), 404);
    assert_int_equal(up_secure(expired, host), 404);
    assert_int_equal(up_secure(wrong_key, host), 404);
    assert_int_equal(up_secure(plain, host), 404);
    assert_int_equal(up_secure(NULL, host), 404);
    /* The subdomain token does not open an ordinary authenticated binding. */
    char *under_plain_name = malloc(strlen(good) + 1);
    strcpy(under_plain_name, "kinode-auth_fake.dev");
    strcat(under_plain_name, strchr(good, '='));
    memset(&cl[1].s, 0, sizeof cl[1].s);
    assert_int_equal(kn_node_upgrade(&node, "/echo:conformance:sys", under_plain_name, host, &cl[1].s), 404);
    teardown(NULL);

    start("kinode.secure-host-unchecked", NULL);
    assert_int_equal(up_secure(good, "127.0.0.1:8080"), 0);
    assert_int_equal(up_secure(plain, host), 404);
    teardown(NULL);

    start("kinode.secure-plain-cookie-accepted", NULL);
    assert_int_equal(up_secure(plain, host), 0);
    assert_int_equal(up_secure(good, "127.0.0.1:8080"), 404);

    free(under_plain_name);
    free(good);
    free(other);
    free(expired);
    free(wrong_key);
    free(plain);
}

static void test_channel_cap(void **st)
{
    (void)st;
    start(NULL, "{\"max_channels\":2}");
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    open_path(&cl[1], "/", NULL);
    assert_int_equal(upgrade(&cl[2], "/echo:conformance:sys/public", NULL), 404);
    assert_int_equal(upgrade(&cl[2], "/", NULL), 404);
    kn_node_close(&node, &cl[0].s);
    open_path(&cl[2], "/echo:conformance:sys/public", NULL);
    assert_int_equal(node.nsessions, 2);
}

static void test_channel_ids_unique_and_deterministic(void **st)
{
    (void)st;
    start(NULL, NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    open_path(&cl[1], "/echo:conformance:sys/public", NULL);
    uint32_t a = cl[0].s.channel_id, b = cl[1].s.channel_id;
    assert_int_not_equal(a, b);
    teardown(NULL);
    start(NULL, NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_int_equal(cl[0].s.channel_id, a);
    /* pushes stay on their channel */
    open_path(&cl[1], "/echo:conformance:sys/public", NULL);
    text(&cl[1], "only-here");
    assert_int_equal(cl[0].conn.nsent, 0);
    assert_int_equal(cl[1].conn.nsent, 1);
}

static void test_cookie_split(void **st)
{
    (void)st;
    size_t len = 0;
    const char *v = kn_cookie_value("a=b=c; kinode-auth_fake.dev=x.y.z; d=e", "kinode-auth_fake.dev", &len);
    assert_non_null(v);
    assert_int_equal(len, 5);
    assert_memory_equal(v, "x.y.z", 5);
    /* a piece that does not split into exactly two parts is skipped */
    assert_null(kn_cookie_value("kinode-auth_fake.dev=x=y", "kinode-auth_fake.dev", &len));
    /* only "; " separates pieces */
    assert_null(kn_cookie_value("a=b;kinode-auth_fake.dev=t", "kinode-auth_fake.dev", &len));
    assert_null(kn_cookie_value("kinode-auth_fake.devX=t", "kinode-auth_fake.dev", &len));
    assert_null(kn_cookie_value(NULL, "kinode-auth_fake.dev", &len));
    v = kn_cookie_value("kinode-auth_fake.dev=", "kinode-auth_fake.dev", &len);
    assert_non_null(v);
    assert_int_equal(len, 0);
    char name[16];
    assert_false(kn_cookie_name("a-very-long-node-name.os", name, sizeof name));
}

static void test_config_errors(void **st)
{
    (void)st;
    const char *bad[] = { "{\"nope\":1}", "{\"node\":5}", "{\"node\":\"Bad Name\"}", "{\"max_channels\":0}",
                          "{\"max_channels\":1.5}", "[]", "{\"jwt_secret\":null}" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *j = cJSON_Parse(bad[i]);
        kn_config cfg;
        char err[200] = "";
        assert_int_equal(kn_config_load(j, &cfg, err, sizeof err), -1);
        assert_true(err[0] != '\0');
        cJSON_Delete(j);
    }
    cJSON *j = cJSON_Parse("{\"node\":\"my.os\",\"jwt_secret\":\"k\",\"password_hash\":\"h\",\"max_channels\":7}");
    kn_config cfg;
    char err[200];
    assert_int_equal(kn_config_load(j, &cfg, err, sizeof err), 0);
    assert_string_equal(cfg.node, "my.os");
    assert_int_equal(cfg.jwt_secret_len, 1);
    assert_int_equal(cfg.max_channels, 7);
    kn_config_free(&cfg);
    cJSON_Delete(j);
}

/* --- faults change what they say --- */

static void test_faults(void **st)
{
    (void)st;
    char *good = cookie_for("fake.dev", FUTURE, SECRET);
    char *expired = cookie_for("fake.dev", 1600000000, SECRET);

    start("kinode.channel-id-reused", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    open_path(&cl[1], "/echo:conformance:sys/public", NULL);
    assert_int_equal(cl[0].s.channel_id, cl[1].s.channel_id);
    text(&cl[1], "x"); /* echo lands on the oldest channel with that id */
    assert_int_equal(cl[0].conn.nsent, 1);
    assert_int_equal(cl[1].conn.nsent, 0);
    teardown(NULL);

    start("kinode.text-pushed-as-binary", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    text(&cl[0], "x");
    assert_sent(&cl[0], 0, "x", true);
    teardown(NULL);

    start("kinode.path-expired-accepted", NULL);
    assert_int_equal(upgrade(&cl[0], "/echo:conformance:sys", expired), 0);
    teardown(NULL);

    start("kinode.push-reorder", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    text(&cl[0], "1");
    text(&cl[0], "2");
    assert_sent(&cl[0], 0, "2", false);
    assert_sent(&cl[0], 1, "1", false);
    text(&cl[0], "3"); /* held until the next push, freed at close */
    teardown(NULL);

    start("kinode.reg-refusal-1008", NULL);
    assert_int_equal(upgrade(&cl[0], "/", NULL), 0);
    kn_node_open(&node, &cl[0].s, &cl[0].conn);
    text(&cl[0], "garbage");
    assert_int_equal(cl[0].conn.close_code, 1008);
    teardown(NULL);

    start("kinode.bad-register-closes-all", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    assert_int_equal(upgrade(&cl[1], "/", NULL), 0);
    kn_node_open(&node, &cl[1].s, &cl[1].conn);
    text(&cl[1], "garbage");
    assert_int_equal(cl[0].conn.close_code, -1);
    teardown(NULL);

    start("kinode.reg-timeout", NULL);
    assert_int_equal(upgrade(&cl[0], "/", NULL), 0);
    kn_node_open(&node, &cl[0].s, &cl[0].conn);
    assert_int_equal(fake_armed_timers(), 1);
    fake_advance_to(fake_now_us + 1000001);
    assert_int_equal(cl[0].conn.close_code, -1);
    teardown(NULL);

    start("kinode.no-channel-cap", "{\"max_channels\":1}");
    open_path(&cl[0], "/", NULL);
    assert_int_equal(upgrade(&cl[1], "/", NULL), 0);
    teardown(NULL);

    start("kinode.process-close-1000", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    text(&cl[0], "{\"cmd\":\"close\"}");
    assert_int_equal(cl[0].conn.close_code, 1000);
    teardown(NULL);

    start("kinode.unknown-channel-to-sender", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    text(&cl[0], "{\"cmd\":\"push\",\"type\":\"Binary\",\"hex\":\"00\",\"channel_id\":12345}");
    assert_int_equal(cl[0].conn.nsent, 1);
    teardown(NULL);

    start("kinode.open-path-keeps-process", NULL);
    open_path(&cl[0], "/echo:conformance:sys/public", NULL);
    text(&cl[0], "{\"cmd\":\"info\"}");
    assert_non_null(strstr(cl[0].conn.sent[0], "\"path\":\"/echo:conformance:sys/public\""));
    teardown(NULL);
    free(good), free(expired);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_reg_text_and_binary, teardown),
        cmocka_unit_test_teardown(test_reg_refusals_close_without_status, teardown),
        cmocka_unit_test_teardown(test_reg_lenient_parts, teardown),
        cmocka_unit_test_teardown(test_path_routes_and_auth, teardown),
        cmocka_unit_test_teardown(test_path_push_types, teardown),
        cmocka_unit_test_teardown(test_ws_server_and_chat, teardown),
        cmocka_unit_test_teardown(test_close_codes, teardown),
        cmocka_unit_test_teardown(test_version_and_control_faults, teardown),
        cmocka_unit_test_teardown(test_secure_binding, teardown),
        cmocka_unit_test_teardown(test_channel_cap, teardown),
        cmocka_unit_test_teardown(test_channel_ids_unique_and_deterministic, teardown),
        cmocka_unit_test(test_cookie_split),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test_teardown(test_faults, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

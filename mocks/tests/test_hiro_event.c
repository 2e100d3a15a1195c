#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_event.h"
#include "hiro/hiro_events_msg.h"

static void test_type_names(void **state)
{
    (void)state;
    static const char *const names[] = { "CREATE", "REPLACE", "UPDATE", "CONNECT", "DISCONNECT",
                                         "DELETE", "WRITE_TIMESERIES", "WRITE_BLOB", "DELETE_BLOB", "WRITE_LOG" };
    for (int i = 0; i < HIRO_EV_TYPE_COUNT; i++) {
        assert_string_equal(hiro_event_type_name((hiro_event_type)i), names[i]);
        hiro_event_type t;
        assert_true(hiro_event_type_parse(names[i], &t));
        assert_int_equal(t, i);
    }
    hiro_event_type t;
    assert_false(hiro_event_type_parse("create", &t));
    assert_false(hiro_event_type_parse("GET", &t));
    assert_false(hiro_event_type_parse(NULL, &t));
    assert_null(hiro_event_type_name(HIRO_EV_TYPE_COUNT));
}

static void test_event_wire_form(void **state)
{
    (void)state;
    cJSON *v = cJSON_Parse("{\"ogit/_id\":\"cjx1_cjy1\",\"ogit/_type\":\"ogit/Question\",\"ogit/_scope\":\"s1\","
                           "\"ogit/name\":\"My name\"}");
    hiro_event_meta meta = { "alice@example", "app1", 1764110000123 };
    hiro_event *ev = hiro_event_new(HIRO_EV_CREATE, NULL, v, &meta);
    assert_non_null(ev);
    assert_string_equal(ev->id, "cjx1_cjy1");
    assert_string_equal(ev->scope, "s1");
    assert_int_equal(ev->timestamp, 1764110000123);
    ev->nanotime = 123456789012345;
    char *full = hiro_event_to_text(ev, false);
    assert_string_equal(full,
                        "{\"id\":\"cjx1_cjy1\",\"type\":\"CREATE\",\"timestamp\":1764110000123,"
                        "\"nanotime\":123456789012345,\"body\":{\"ogit/_id\":\"cjx1_cjy1\",\"ogit/_type\":"
                        "\"ogit/Question\",\"ogit/_scope\":\"s1\",\"ogit/name\":\"My name\"},\"metadata\":{"
                        "\"ogit/_modified-by\":\"alice@example\",\"ogit/_modified-by-app\":\"app1\","
                        "\"ogit/_modified-on\":1764110000123}}");
    char *delta = hiro_event_to_text(ev, true);
    assert_non_null(strstr(delta, "\"body\":{\"+ogit/_id\":\"cjx1_cjy1\",\"+ogit/_type\":\"ogit/Question\","
                                  "\"+ogit/_scope\":\"s1\",\"+ogit/name\":\"My name\"}"));
    free(full);
    free(delta);
    hiro_event_free(ev);

    /* a removal: body is the last state, delta removes every key with its old value */
    ev = hiro_event_new(HIRO_EV_DELETE, v, NULL, NULL);
    assert_non_null(ev);
    assert_ptr_equal(hiro_event_element(ev), ev->before);
    cJSON *o = hiro_event_to_json(ev, true);
    cJSON *body = cJSON_GetObjectItem(o, "body");
    assert_string_equal(cJSON_GetObjectItem(body, "-ogit/name")->valuestring, "My name");
    assert_int_equal(cJSON_GetArraySize(body), 4);
    cJSON *md = cJSON_GetObjectItem(o, "metadata");
    assert_string_equal(cJSON_GetObjectItem(md, "ogit/_modified-by")->valuestring, "");
    cJSON_Delete(o);
    hiro_event_free(ev);

    /* no ogit/_id, or not objects: refused */
    cJSON *noid = cJSON_Parse("{\"ogit/_type\":\"x\"}");
    assert_null(hiro_event_new(HIRO_EV_CREATE, NULL, noid, NULL));
    assert_null(hiro_event_new(HIRO_EV_CREATE, NULL, NULL, NULL));
    cJSON *arr = cJSON_CreateArray();
    assert_null(hiro_event_new(HIRO_EV_CREATE, NULL, arr, NULL));
    assert_null(hiro_event_new(HIRO_EV_TYPE_COUNT, NULL, v, NULL));
    cJSON_Delete(arr);
    cJSON_Delete(noid);
    cJSON_Delete(v);
}

static void test_delta(void **state)
{
    (void)state;
    cJSON *before = cJSON_Parse("{\"ogit/_id\":\"a\",\"ogit/firstName\":\"x\",\"ogit/lastName\":\"My name\","
                                "\"ogit/email\":\"old@x\",\"/list\":[1,2]}");
    cJSON *after = cJSON_Parse("{\"ogit/_id\":\"a\",\"ogit/firstName\":\"x\",\"ogit/email\":\"new@x\","
                               "\"/list\":[1,2],\"ogit/nick\":\"My name\"}");
    cJSON *d = hiro_event_delta(before, after);
    char *s = cJSON_PrintUnformatted(d);
    assert_string_equal(s, "{\"=ogit/email\":\"new@x\",\"+ogit/nick\":\"My name\",\"-ogit/lastName\":\"My name\"}");
    free(s);
    cJSON_Delete(d);
    /* type change counts as a change */
    cJSON *b2 = cJSON_Parse("{\"n\":1}");
    cJSON *a2 = cJSON_Parse("{\"n\":\"1\"}");
    d = hiro_event_delta(b2, a2);
    s = cJSON_PrintUnformatted(d);
    assert_string_equal(s, "{\"=n\":\"1\"}");
    free(s);
    cJSON_Delete(d);
    d = hiro_event_delta(b2, b2);
    assert_int_equal(cJSON_GetArraySize(d), 0);
    cJSON_Delete(d);
    d = hiro_event_delta(NULL, NULL);
    assert_int_equal(cJSON_GetArraySize(d), 0);
    cJSON_Delete(d);
    cJSON_Delete(a2);
    cJSON_Delete(b2);
    cJSON_Delete(before);
    cJSON_Delete(after);
}

static void test_edges(void **state)
{
    (void)state;
    char *id = hiro_edge_id("u@x", "ogit/_created", "cj67");
    assert_string_equal(id, "u@x$$ogit/_created$$cj67");
    free(id);
    cJSON *e = hiro_edge_element("u@x", "ogit/Person", "ogit/_created", "cj67", "ogit/Question", 1764110000000);
    char *s = cJSON_PrintUnformatted(e);
    assert_string_equal(s, "{\"ogit/_id\":\"u@x$$ogit/_created$$cj67\",\"ogit/_edge-id\":\"u@x$$ogit/_created$$cj67\","
                           "\"ogit/_type\":\"ogit/_created\",\"ogit/_out-id\":\"u@x\",\"ogit/_out-type\":\"ogit/Person\","
                           "\"ogit/_in-id\":\"cj67\",\"ogit/_in-type\":\"ogit/Question\",\"ogit/_graphtype\":\"edge\","
                           "\"ogit/_created-on\":1764110000000,\"ogit/_is-deleted\":false}");
    free(s);
    hiro_event *ev = hiro_event_new(HIRO_EV_CONNECT, NULL, e, NULL);
    assert_string_equal(ev->id, "u@x$$ogit/_created$$cj67");
    hiro_event_free(ev);
    ev = hiro_event_new(HIRO_EV_DISCONNECT, e, NULL, NULL);
    assert_string_equal(ev->id, "u@x$$ogit/_created$$cj67");
    assert_string_equal(hiro_event_type_name(ev->type), "DISCONNECT");
    hiro_event_free(ev);
    cJSON_Delete(e);
    /* types are optional */
    e = hiro_edge_element("a", NULL, "v", "b", NULL, 1);
    assert_null(cJSON_GetObjectItem(e, "ogit/_out-type"));
    assert_string_equal(cJSON_GetObjectItem(e, "ogit/_in-id")->valuestring, "b");
    cJSON_Delete(e);
}

static void expect_msg_error(const char *text, const char *message)
{
    hiro_events_msg m;
    hiro_status st = { 0 };
    if (hiro_events_msg_parse(text, strlen(text), &m, &st) == 0)
        fail_msg("%s parsed", text);
    assert_int_equal(st.code, 400);
    assert_string_equal(st.message, message);
    assert_null(m.root);
}

static void test_client_messages(void **state)
{
    (void)state;
    hiro_events_msg m;
    hiro_status st = { 0 };
    const char *t = "{\"type\":\"token\",\"args\":{\"_TOKEN\":\"abc\"}}";
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    assert_int_equal(m.type, HIRO_MSG_TOKEN);
    assert_string_equal(m.token, "abc");
    hiro_events_msg_free(&m);

    t = "{\"type\":\"subscribe\",\"id\":\"scope-1\"}";
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    assert_int_equal(m.type, HIRO_MSG_SUBSCRIBE);
    assert_string_equal(m.scope_id, "scope-1");
    hiro_events_msg_free(&m);

    t = "{\"type\":\"register\",\"args\":{\"filter-id\":\"f1\",\"filter-type\":\"jfilter\","
        "\"filter-content\":\"(element.ogit/_type = ogit/Question)\"}}";
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    assert_int_equal(m.type, HIRO_MSG_REGISTER);
    assert_string_equal(m.filter_id, "f1");
    assert_string_equal(m.filter_type, "jfilter");
    assert_string_equal(m.filter_content, "(element.ogit/_type = ogit/Question)");
    hiro_events_msg_free(&m);

    /* old Java leaves out filter-id */
    t = "{\"type\":\"register\",\"args\":{\"filter-type\":\"jfilter\",\"filter-content\":\"(action=*)\"}}";
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    assert_null(m.filter_id);
    hiro_events_msg_free(&m);

    t = "{\"type\":\"unregister\",\"args\":{\"filter-id\":\"f1\"}}";
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    assert_int_equal(m.type, HIRO_MSG_UNREGISTER);
    assert_string_equal(m.filter_id, "f1");
    hiro_events_msg_free(&m);

    t = "{\"type\":\"clear\",\"args\":{}}";
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    assert_int_equal(m.type, HIRO_MSG_CLEAR);
    hiro_events_msg_free(&m);
    t = "{\"type\":\"clear\"}"; /* the 2021 TS client sends no args */
    assert_int_equal(hiro_events_msg_parse(t, strlen(t), &m, &st), 0);
    hiro_events_msg_free(&m);

    expect_msg_error("nonsense", "message is not JSON");
    expect_msg_error("", "message is not JSON");
    expect_msg_error("\"{\\\"type\\\":\\\"subscribe\\\",\\\"id\\\":\\\"s\\\"}\"",
                     "message is a JSON string, not an object (encoded twice?)");
    expect_msg_error("[1]", "message is not a JSON object");
    expect_msg_error("{\"id\":\"s\"}", "message needs \"type\": <string>");
    expect_msg_error("{\"type\":7}", "message needs \"type\": <string>");
    expect_msg_error("{\"type\":\"unsubscribe\",\"id\":\"s\"}", "unknown message type \"unsubscribe\"");
    expect_msg_error("{\"type\":\"token\",\"args\":{}}", "token needs \"args\": {\"_TOKEN\": <string>}");
    expect_msg_error("{\"type\":\"token\",\"args\":[]}", "\"args\" must be an object");
    expect_msg_error("{\"type\":\"subscribe\"}", "subscribe needs \"id\": the ogit/_id of a scope");
    expect_msg_error("{\"type\":\"subscribe\",\"id\":\"\"}", "subscribe needs \"id\": the ogit/_id of a scope");
    expect_msg_error("{\"type\":\"register\"}", "register needs \"args\" with \"filter-content\"");
    expect_msg_error("{\"type\":\"register\",\"args\":{\"filter-id\":\"x\"}}",
                     "register needs \"filter-content\": <string>");
    expect_msg_error("{\"type\":\"register\",\"args\":{\"filter-id\":5,\"filter-content\":\"(action=*)\"}}",
                     "\"filter-id\" and \"filter-type\" must be strings");
    expect_msg_error("{\"type\":\"unregister\",\"args\":{}}", "unregister needs \"args\": {\"filter-id\": <string>}");

    char *e = hiro_error_text(401, "authentication required");
    assert_string_equal(e, "{\"error\":{\"code\":401,\"message\":\"authentication required\"}}");
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_event_wire_form),
        cmocka_unit_test(test_delta),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_client_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

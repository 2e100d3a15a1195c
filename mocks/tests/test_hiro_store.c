#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_map.h"
#include "hiro/hiro_store.h"

static const hiro_actor ALICE = { "alice@x", "app-1", "scope-1", "org-1", 1764110000000 };
static const hiro_actor BOB = { "bob@x", "app-2", "scope-2", NULL, 1764110005000 };

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v))
        fail_msg("%s is not a string", key);
    return v->valuestring;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        fail_msg("%s is not a number", key);
    return v->valuedouble;
}

static cJSON *json(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    return j;
}

/* Creates a vertex and returns its id (caller frees). */
static char *make(hiro_store *s, const char *type, const char *attrs_text, const hiro_actor *who)
{
    cJSON *attrs = attrs_text ? json(attrs_text) : NULL;
    hiro_status st = { 0 };
    cJSON *v = hiro_store_create(s, type, NULL, attrs, who, NULL, &st);
    if (!v)
        fail_msg("create: %s", st.message);
    char *id = strdup(str(v, "ogit/_id"));
    cJSON_Delete(v);
    cJSON_Delete(attrs);
    return id;
}

static void test_map(void **state)
{
    (void)state;
    hiro_map m = { 0 };
    assert_null(hiro_map_get(&m, "x"));
    assert_null(hiro_map_remove(&m, "x"));
    static int values[20000];
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_true(hiro_map_put(&m, key, &values[i]));
    }
    assert_int_equal(m.count, 20000);
    for (int i = 0; i < 20000; i += 2) {
        snprintf(key, sizeof key, "k%d", i);
        assert_ptr_equal(hiro_map_remove(&m, key), &values[i]);
    }
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_ptr_equal(hiro_map_get(&m, key), i % 2 ? &values[i] : NULL);
    }
    /* removed keys come back; replacing keeps the count */
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 20000; i += 2) {
            snprintf(key, sizeof key, "k%d", i);
            assert_true(hiro_map_put(&m, key, &values[i]));
            if (round < 2)
                assert_non_null(hiro_map_remove(&m, key));
        }
    assert_int_equal(m.count, 20000);
    assert_true(hiro_map_put(&m, "k1", &values[0]));
    assert_ptr_equal(hiro_map_get(&m, "k1"), &values[0]);
    assert_int_equal(m.count, 20000);
    hiro_map_free(&m);
}

static void test_create_and_get(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(7);
    cJSON *attrs = json("{\"ogit/name\":\"Q1\",\"/prio\":3,\"ogit/_id\":\"mine\",\"ogit/_creator\":\"eve\","
                        "\"ogit/_xid\":\"ext-1\",\"/gone\":null}");
    hiro_event *ev = NULL;
    hiro_status st = { 0 };
    cJSON *v = hiro_store_create(s, "ogit/Question", NULL, attrs, &ALICE, &ev, &st);
    assert_non_null(v);
    const char *id = str(v, "ogit/_id");
    assert_int_equal(strlen(id), 29); /* cj + 12, _cj + 12 */
    assert_memory_equal(id, "cj", 2);
    assert_memory_equal(id + 14, "_cj", 3);
    assert_string_equal(str(v, "ogit/_type"), "ogit/Question");
    assert_string_equal(str(v, "ogit/_graphtype"), "vertex");
    assert_true(num(v, "ogit/_created-on") == 1764110000000);
    assert_true(num(v, "ogit/_modified-on") == 1764110000000);
    assert_string_equal(str(v, "ogit/_creator"), "alice@x"); /* not the client's "eve" */
    assert_string_equal(str(v, "ogit/_creator-app"), "app-1");
    assert_string_equal(str(v, "ogit/_modified-by"), "alice@x");
    assert_string_equal(str(v, "ogit/_modified-by-app"), "app-1");
    assert_string_equal(str(v, "ogit/_owner"), "org-1");
    assert_string_equal(str(v, "ogit/_organization"), "org-1");
    assert_string_equal(str(v, "ogit/_scope"), "scope-1");
    assert_true(num(v, "ogit/_v") == 1);
    const char *vid = str(v, "ogit/_v-id");
    assert_int_equal(strlen(vid), 20);
    assert_memory_equal(vid, "1764110000000-", 14);
    assert_string_equal(str(v, "ogit/_version"), HIRO_ONTOLOGY_VERSION);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(v, "ogit/_is-deleted")));
    assert_string_equal(str(v, "ogit/name"), "Q1");
    assert_true(num(v, "/prio") == 3);
    assert_string_equal(str(v, "ogit/_xid"), "ext-1");
    assert_null(cJSON_GetObjectItem(v, "/gone"));
    /* the event carries the new element */
    assert_non_null(ev);
    assert_int_equal(ev->type, HIRO_EV_CREATE);
    assert_string_equal(ev->id, id);
    assert_string_equal(ev->scope, "scope-1");
    assert_true(cJSON_Compare(ev->after, v, true));
    assert_null(ev->before);
    assert_int_equal(ev->timestamp, 1764110000000);
    hiro_event_free(ev);
    /* get returns the same */
    cJSON *g = hiro_store_get(s, id, false, &st);
    assert_true(cJSON_Compare(g, v, true));
    cJSON_Delete(g);
    assert_null(hiro_store_get(s, "nope", false, &st));
    assert_int_equal(st.code, 404);
    assert_string_equal(st.message, "not found: nope");
    assert_null(hiro_store_get(s, NULL, false, &st));
    assert_int_equal(st.code, 404);

    /* explicit id; duplicate is 409; missing type is 400; attrs must be an object */
    cJSON *w = hiro_store_create(s, "ogit/Question", "fixed-id", NULL, &BOB, NULL, &st);
    assert_string_equal(str(w, "ogit/_owner"), "bob@x"); /* no organization: the account */
    assert_null(cJSON_GetObjectItem(w, "ogit/_organization"));
    cJSON_Delete(w);
    assert_null(hiro_store_create(s, "ogit/Question", "fixed-id", NULL, &BOB, &ev, &st));
    assert_int_equal(st.code, 409);
    assert_null(ev);
    assert_null(hiro_store_create(s, "", NULL, NULL, &BOB, NULL, &st));
    assert_int_equal(st.code, 400);
    cJSON *arr = cJSON_CreateArray();
    assert_null(hiro_store_create(s, "t", NULL, arr, &BOB, NULL, &st));
    assert_int_equal(st.code, 400);
    cJSON_Delete(arr);
    assert_int_equal(hiro_store_vertex_count(s), 2);

    /* ids depend on the seed only */
    hiro_store *same = hiro_store_new(7), *other = hiro_store_new(8);
    char *a = make(same, "t", NULL, &ALICE);
    char *b = make(other, "t", NULL, &ALICE);
    assert_string_equal(a, id);
    assert_string_not_equal(b, id);
    free(a);
    free(b);
    hiro_store_free(same);
    hiro_store_free(other);
    cJSON_Delete(v);
    cJSON_Delete(attrs);
    hiro_store_free(s);
}

static void test_update_replace_delete(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(1);
    char *id = make(s, "ogit/Question", "{\"ogit/name\":\"a\",\"/x\":1,\"/y\":2}", &ALICE);
    hiro_status st = { 0 };
    hiro_event *ev = NULL;
    cJSON *patch = json("{\"/x\":10,\"/y\":null,\"/z\":\"new\",\"ogit/_v\":99}");
    cJSON *u = hiro_store_update(s, id, patch, &BOB, &ev, &st);
    assert_non_null(u);
    assert_true(num(u, "/x") == 10);
    assert_null(cJSON_GetObjectItem(u, "/y"));
    assert_string_equal(str(u, "/z"), "new");
    assert_string_equal(str(u, "ogit/name"), "a");
    assert_true(num(u, "ogit/_v") == 2);
    assert_string_equal(str(u, "ogit/_modified-by"), "bob@x");
    assert_string_equal(str(u, "ogit/_creator"), "alice@x");
    assert_true(num(u, "ogit/_modified-on") == 1764110005000);
    assert_true(num(u, "ogit/_created-on") == 1764110000000);
    assert_int_equal(ev->type, HIRO_EV_UPDATE);
    cJSON *d = hiro_event_delta(ev->before, ev->after);
    assert_true(num(d, "=/x") == 10);
    assert_true(num(d, "-/y") == 2);
    assert_string_equal(str(d, "+/z"), "new");
    assert_true(num(d, "=ogit/_v") == 2);
    assert_null(cJSON_GetObjectItem(d, "=ogit/name"));
    cJSON_Delete(d);
    hiro_event_free(ev);
    cJSON_Delete(u);
    cJSON_Delete(patch);

    /* replace: free attributes become exactly the new ones, system ones stay */
    cJSON *repl = json("{\"/only\":true}");
    cJSON *r = hiro_store_replace(s, id, repl, NULL, &ALICE, &ev, &st);
    assert_non_null(r);
    assert_null(cJSON_GetObjectItem(r, "/x"));
    assert_null(cJSON_GetObjectItem(r, "ogit/name"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "/only")));
    assert_string_equal(str(r, "ogit/_id"), id);
    assert_string_equal(str(r, "ogit/_type"), "ogit/Question");
    assert_true(num(r, "ogit/_v") == 3);
    assert_int_equal(ev->type, HIRO_EV_REPLACE);
    hiro_event_free(ev);
    cJSON_Delete(r);
    /* unknown id: 404, or created with createIfNotExists */
    assert_null(hiro_store_replace(s, "new-one", repl, NULL, &ALICE, &ev, &st));
    assert_int_equal(st.code, 404);
    r = hiro_store_replace(s, "new-one", repl, "ogit/Note", &ALICE, &ev, &st);
    assert_non_null(r);
    assert_string_equal(str(r, "ogit/_id"), "new-one");
    assert_string_equal(str(r, "ogit/_type"), "ogit/Note");
    assert_int_equal(ev->type, HIRO_EV_CREATE);
    hiro_event_free(ev);
    cJSON_Delete(r);
    assert_null(hiro_store_replace(s, NULL, repl, "ogit/Note", &ALICE, NULL, &st));
    assert_int_equal(st.code, 400);
    cJSON_Delete(repl);

    /* delete marks, keeps for includeDeleted and history, and sends DELETE */
    assert_int_equal(hiro_store_vertex_count(s), 2);
    cJSON *del = hiro_store_delete(s, id, &BOB, &ev, &st);
    assert_non_null(del);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(del, "ogit/_is-deleted")));
    assert_true(num(del, "ogit/_deleted-on") == 1764110005000);
    assert_string_equal(str(del, "ogit/_deleted-by"), "bob@x");
    assert_string_equal(str(del, "ogit/_deleted-by-app"), "app-2");
    assert_int_equal(ev->type, HIRO_EV_DELETE);
    assert_null(ev->after);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(hiro_event_element(ev), "ogit/_is-deleted")));
    hiro_event_free(ev);
    cJSON_Delete(del);
    assert_int_equal(hiro_store_vertex_count(s), 1);
    assert_null(hiro_store_get(s, id, false, &st));
    assert_int_equal(st.code, 404);
    cJSON *g = hiro_store_get(s, id, true, &st);
    assert_non_null(g);
    cJSON_Delete(g);
    assert_null(hiro_store_delete(s, id, &BOB, &ev, &st));
    assert_int_equal(st.code, 404);
    assert_null(ev);
    assert_null(hiro_store_update(s, id, NULL, &BOB, &ev, &st));
    assert_int_equal(st.code, 404);

    /* history: every state, oldest first */
    cJSON *h = hiro_store_history(s, id, true, &st);
    assert_int_equal(cJSON_GetArraySize(h), 4); /* create, update, replace, delete */
    assert_true(num(cJSON_GetArrayItem(h, 0), "ogit/_v") == 1);
    assert_true(num(cJSON_GetArrayItem(h, 1), "ogit/_v") == 2);
    assert_true(num(cJSON_GetArrayItem(h, 2), "ogit/_v") == 3);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 3), "ogit/_is-deleted")));
    cJSON_Delete(h);
    assert_null(hiro_store_history(s, "nope", true, &st));
    /* without includeDeleted a deleted vertex has no history either */
    assert_null(hiro_store_history(s, id, false, &st));
    assert_int_equal(st.code, 404);
    free(id);
    hiro_store_free(s);
}

/* Query answers leave deleted vertices out unless asked for them. */
static void test_deleted_in_queries(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(3);
    hiro_status st = { 0 };
    char *live = make(s, "ogit/Note", "{\"/q\":\"d\"}", &ALICE);
    char *gone = make(s, "ogit/Note", "{\"/q\":\"d\"}", &ALICE);
    cJSON_Delete(hiro_store_delete(s, gone, &BOB, NULL, &st));
    char ids[128];
    snprintf(ids, sizeof ids, "%s,%s", gone, live);
    cJSON *r = hiro_store_query_ids(s, ids, false);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), live);
    cJSON_Delete(r);
    r = hiro_store_query_ids(s, ids, true);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), gone);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(r, 0), "ogit/_is-deleted")));
    cJSON_Delete(r);
    r = hiro_store_query_vertices(s, "\\/q:d", NULL, -1, 0, NULL, NULL, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    cJSON_Delete(r);
    r = hiro_store_query_vertices(s, "\\/q:d", NULL, -1, 0, NULL, NULL, true, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_string_equal(str(cJSON_GetArrayItem(r, 1), "ogit/_id"), gone);
    cJSON_Delete(r);
    free(live);
    free(gone);
    hiro_store_free(s);
}

/* The created time of one wrapped list value: list attr, item i. */
static double created_of(const cJSON *item, const char *attr, int i, const char *value)
{
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(item, attr), i);
    assert_non_null(e);
    assert_int_equal(cJSON_GetArraySize(e), 2);
    assert_string_equal(str(e, "value"), value);
    return num(e, "created");
}

/* listMeta: each value's created is when it entered the list, through later versions. */
static void test_list_meta(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(4);
    hiro_status st = { 0 };
    hiro_actor t1 = ALICE, t2 = ALICE, t3 = ALICE;
    t1.now_ms = 1000;
    t2.now_ms = 2000;
    t3.now_ms = 3000;
    char *id = make(s, "ogit/Note", "{\"/l\":[\"a\",\"b\"],\"/s\":\"x\",\"ogit/_tags\":[\"t\"]}", &t1);
    cJSON *attrs = json("{\"/l\":[\"a\",\"c\",\"a\"]}");
    cJSON_Delete(hiro_store_update(s, id, attrs, &t2, NULL, &st));
    cJSON_Delete(attrs);
    attrs = json("{\"/l\":[\"c\",\"a\",\"a\"],\"/m\":[]}");
    cJSON_Delete(hiro_store_update(s, id, attrs, &t3, NULL, &st));
    cJSON_Delete(attrs);

    cJSON *g = hiro_store_get(s, id, false, &st);
    assert_true(hiro_store_list_meta(s, g, -1));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(g, "/l")), 3);
    assert_true(created_of(g, "/l", 0, "c") == 2000);
    assert_true(created_of(g, "/l", 1, "a") == 1000); /* held by every version */
    assert_true(created_of(g, "/l", 2, "a") == 2000); /* the second "a" came with version 2 */
    assert_string_equal(str(g, "/s"), "x");           /* not a list */
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(g, "/m")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(g, "/m")), 0);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(g, "ogit/_tags"), 0)->valuestring, "t");
    cJSON_Delete(g);

    /* a history version shows the times as they were then */
    cJSON *h = hiro_store_history(s, id, false, &st);
    cJSON *v1 = cJSON_Duplicate(cJSON_GetArrayItem(h, 0), true);
    cJSON *v2 = cJSON_Duplicate(cJSON_GetArrayItem(h, 1), true);
    cJSON_Delete(h);
    assert_true(hiro_store_list_meta(s, v1, 0));
    assert_true(created_of(v1, "/l", 0, "a") == 1000);
    assert_true(created_of(v1, "/l", 1, "b") == 1000);
    assert_true(hiro_store_list_meta(s, v2, 1));
    assert_true(created_of(v2, "/l", 1, "c") == 2000);
    assert_true(created_of(v2, "/l", 2, "a") == 2000);
    cJSON_Delete(v1);
    cJSON_Delete(v2);

    /* not a vertex of the store: left alone */
    cJSON *other = json("{\"ogit/_id\":\"elsewhere\",\"/l\":[1]}");
    assert_true(hiro_store_list_meta(s, other, -1));
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(other, "/l"), 0)->valueint, 1);
    cJSON_Delete(other);
    free(id);
    hiro_store_free(s);
}

static void test_edges(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(1);
    char *a = make(s, "ogit/Person", NULL, &ALICE);
    char *b = make(s, "ogit/Question", NULL, &BOB);
    hiro_status st = { 0 };
    hiro_event *ev = NULL;
    cJSON *e = hiro_store_connect(s, "ogit/_created", a, b, &ALICE, &ev, &st);
    assert_non_null(e);
    char want[128];
    snprintf(want, sizeof want, "%s$$ogit/_created$$%s", a, b);
    assert_string_equal(str(e, "ogit/_id"), want);
    assert_string_equal(str(e, "ogit/_edge-id"), want);
    assert_string_equal(str(e, "ogit/_type"), "ogit/_created");
    assert_string_equal(str(e, "ogit/_out-type"), "ogit/Person");
    assert_string_equal(str(e, "ogit/_in-type"), "ogit/Question");
    assert_string_equal(str(e, "ogit/_graphtype"), "edge");
    assert_int_equal(ev->type, HIRO_EV_CONNECT);
    assert_string_equal(ev->id, want);
    assert_string_equal(ev->scope, "scope-1"); /* the out vertex's */
    hiro_event_free(ev);
    cJSON_Delete(e);
    /* duplicate 409, missing ends 404, bad input 400 */
    assert_null(hiro_store_connect(s, "ogit/_created", a, b, &ALICE, &ev, &st));
    assert_int_equal(st.code, 409);
    assert_null(ev);
    assert_null(hiro_store_connect(s, "ogit/_created", a, "zzz", &ALICE, NULL, &st));
    assert_int_equal(st.code, 404);
    assert_null(hiro_store_connect(s, "ogit/_created", "zzz", b, &ALICE, NULL, &st));
    assert_int_equal(st.code, 404);
    assert_null(hiro_store_connect(s, "", a, b, &ALICE, NULL, &st));
    assert_int_equal(st.code, 400);
    assert_null(hiro_store_connect(s, "v", NULL, b, &ALICE, NULL, &st));
    assert_int_equal(st.code, 400);
    assert_null(hiro_store_connect(s, "v", want, b, &ALICE, NULL, &st)); /* an edge as an end */
    assert_int_equal(st.code, 400);
    e = hiro_store_connect(s, "ogit/relates", a, b, &ALICE, NULL, &st);
    cJSON_Delete(e);
    /* listing */
    cJSON *out = hiro_store_edges(s, a, true, NULL, &st);
    assert_int_equal(cJSON_GetArraySize(out), 2);
    cJSON_Delete(out);
    out = hiro_store_edges(s, a, true, "ogit/relates", &st);
    assert_int_equal(cJSON_GetArraySize(out), 1);
    cJSON_Delete(out);
    cJSON *in = hiro_store_edges(s, b, false, NULL, &st);
    assert_int_equal(cJSON_GetArraySize(in), 2);
    cJSON_Delete(in);
    in = hiro_store_edges(s, a, false, NULL, &st);
    assert_int_equal(cJSON_GetArraySize(in), 0);
    cJSON_Delete(in);
    assert_null(hiro_store_edges(s, "zzz", true, NULL, &st));
    /* get by edge id; an edge cannot be updated */
    cJSON *g = hiro_store_get(s, want, false, &st);
    assert_non_null(g);
    cJSON_Delete(g);
    assert_null(hiro_store_update(s, want, NULL, &ALICE, NULL, &st));
    assert_int_equal(st.code, 400);
    /* delete of an edge removes it and sends DISCONNECT */
    cJSON *d = hiro_store_delete(s, want, &BOB, &ev, &st);
    assert_non_null(d);
    assert_int_equal(ev->type, HIRO_EV_DISCONNECT);
    assert_string_equal(ev->id, want);
    assert_string_equal(ev->scope, "scope-1");
    hiro_event_free(ev);
    cJSON_Delete(d);
    assert_null(hiro_store_get(s, want, true, &st));
    assert_int_equal(st.code, 404);
    out = hiro_store_edges(s, a, true, NULL, &st);
    assert_int_equal(cJSON_GetArraySize(out), 1);
    cJSON_Delete(out);
    /* and it can be made again */
    e = hiro_store_connect(s, "ogit/_created", a, b, &ALICE, NULL, &st);
    assert_non_null(e);
    cJSON_Delete(e);
    free(a);
    free(b);
    hiro_store_free(s);
}

static void test_query_ids(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(1);
    char *a = make(s, "t", NULL, &ALICE), *b = make(s, "t", NULL, &ALICE), *c = make(s, "t", NULL, &ALICE);
    hiro_status st;
    cJSON *d = hiro_store_delete(s, c, &ALICE, NULL, &st);
    cJSON_Delete(d);
    char q[200];
    snprintf(q, sizeof q, "%s, unknown,%s,,%s", b, a, c);
    cJSON *r = hiro_store_query_ids(s, q, false);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), b);
    assert_string_equal(str(cJSON_GetArrayItem(r, 1), "ogit/_id"), a);
    cJSON_Delete(r);
    r = hiro_store_query_ids(s, "", false);
    assert_int_equal(cJSON_GetArraySize(r), 0);
    cJSON_Delete(r);
    r = hiro_store_query_ids(s, NULL, false);
    assert_int_equal(cJSON_GetArraySize(r), 0);
    cJSON_Delete(r);
    free(a);
    free(b);
    free(c);
    hiro_store_free(s);
}

static void test_timeseries_and_content(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(1);
    char *id = make(s, "ogit/Timeseries", NULL, &ALICE);
    hiro_status st = { 0 };
    hiro_event *ev = NULL;
    cJSON *items = json("[{\"timestamp\":3000,\"value\":\"c\"},{\"timestamp\":1000,\"value\":\"a\"},"
                        "{\"timestamp\":2000,\"value\":2.5},{\"timestamp\":1000,\"value\":\"A\"}]");
    assert_int_equal(hiro_store_write_ts(s, id, items, &BOB, &ev, &st), 0);
    assert_int_equal(ev->type, HIRO_EV_WRITE_TIMESERIES);
    assert_string_equal(ev->id, id);
    assert_int_equal(ev->timestamp, 1764110005000);
    hiro_event_free(ev);
    cJSON_Delete(items);
    cJSON *r = hiro_store_read_ts(s, id, -1, -1, 0, false, false, &st);
    char *t = cJSON_PrintUnformatted(r);
    assert_string_equal(t, "[{\"timestamp\":1000,\"value\":\"A\"},{\"timestamp\":2000,\"value\":2.5},"
                           "{\"timestamp\":3000,\"value\":\"c\"}]");
    free(t);
    cJSON_Delete(r);
    r = hiro_store_read_ts(s, id, 1500, 3000, 0, false, false, &st); /* to is exclusive */
    assert_int_equal(cJSON_GetArraySize(r), 1);
    cJSON_Delete(r);
    r = hiro_store_read_ts(s, id, -1, -1, 2, true, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_true(num(cJSON_GetArrayItem(r, 0), "timestamp") == 3000);
    assert_true(num(cJSON_GetArrayItem(r, 1), "timestamp") == 2000);
    cJSON_Delete(r);
    /* a bad item changes nothing */
    items = json("[{\"timestamp\":4000,\"value\":\"d\"},{\"timestamp\":\"x\",\"value\":1}]");
    assert_int_equal(hiro_store_write_ts(s, id, items, &BOB, &ev, &st), -1);
    assert_int_equal(st.code, 400);
    assert_null(ev);
    cJSON_Delete(items);
    items = json("[{\"timestamp\":5000,\"value\":{\"o\":1}}]");
    assert_int_equal(hiro_store_write_ts(s, id, items, &BOB, NULL, &st), -1);
    cJSON_Delete(items);
    items = json("{}");
    assert_int_equal(hiro_store_write_ts(s, id, items, &BOB, NULL, &st), -1);
    cJSON_Delete(items);
    r = hiro_store_read_ts(s, id, -1, -1, 0, false, false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    cJSON_Delete(r);
    assert_null(hiro_store_read_ts(s, "nope", -1, -1, 0, false, false, &st));
    assert_int_equal(st.code, 404);

    /* content */
    size_t len = 99;
    assert_null(hiro_store_content(s, id, false, &len, &st));
    assert_int_equal(st.code, 404);
    assert_string_equal(st.message, "no content");
    assert_int_equal(hiro_store_set_content(s, id, (const unsigned char *)"abc\0def", 7, &st), 0);
    const unsigned char *c = hiro_store_content(s, id, false, &len, &st);
    assert_int_equal(len, 7);
    assert_memory_equal(c, "abc\0def", 7);
    assert_int_equal(hiro_store_set_content(s, id, NULL, 0, &st), 0);
    assert_non_null(hiro_store_content(s, id, false, &len, &st));
    assert_int_equal(len, 0);
    assert_int_equal(hiro_store_set_content(s, "nope", NULL, 0, &st), -1);
    assert_int_equal(st.code, 404);

    /* once deleted, values and content only with include_deleted */
    cJSON_Delete(hiro_store_delete(s, id, &BOB, NULL, &st));
    assert_null(hiro_store_read_ts(s, id, -1, -1, 0, false, false, &st));
    assert_int_equal(st.code, 404);
    r = hiro_store_read_ts(s, id, -1, -1, 0, false, true, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    cJSON_Delete(r);
    assert_null(hiro_store_content(s, id, false, &len, &st));
    assert_int_equal(st.code, 404);
    assert_non_null(hiro_store_content(s, id, true, &len, &st));
    free(id);
    hiro_store_free(s);
}

static size_t count_ids(const cJSON *arr, const char *id)
{
    size_t n = 0;
    for (const cJSON *it = arr ? arr->child : NULL; it; it = it->next)
        n += strcmp(str(it, "ogit/_id"), id) == 0;
    return n;
}

static void expect_gremlin_error(hiro_store *s, const char *root, const char *q, int code, const char *message)
{
    hiro_status st = { 0 };
    cJSON *r = hiro_store_gremlin(s, root, q, false, &st);
    if (r)
        fail_msg("%s accepted", q);
    assert_int_equal(st.code, code);
    if (strcmp(st.message, message) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", q, st.message, message);
}

static void test_gremlin(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(1);
    char *p = make(s, "ogit/Person", "{\"/name\":\"p\"}", &ALICE);
    char *q1 = make(s, "ogit/Question", "{\"/name\":\"q1\",\"/n\":1}", &ALICE);
    char *q2 = make(s, "ogit/Question", "{\"/name\":\"q2\",\"/n\":2}", &ALICE);
    char *t = make(s, "ogit/Task", "{\"/name\":\"t\"}", &ALICE);
    hiro_status st = { 0 };
    cJSON *e;
    e = hiro_store_connect(s, "ogit/created", p, q1, &ALICE, NULL, &st); cJSON_Delete(e);
    e = hiro_store_connect(s, "ogit/created", p, q2, &ALICE, NULL, &st); cJSON_Delete(e);
    e = hiro_store_connect(s, "ogit/owns", p, t, &ALICE, NULL, &st); cJSON_Delete(e);
    e = hiro_store_connect(s, "ogit/relates", q1, q2, &ALICE, NULL, &st); cJSON_Delete(e);

    cJSON *r = hiro_store_gremlin(s, p, "outE()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_graphtype"), "edge");
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "outE().inV()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), q1);
    assert_string_equal(str(cJSON_GetArrayItem(r, 1), "ogit/_id"), q2);
    assert_string_equal(str(cJSON_GetArrayItem(r, 2), "ogit/_id"), t);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, " outE( 'ogit/created' ) . inV() ", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out(\"ogit/owns\", 'ogit/created')", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, q2, "in()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_int_equal(count_ids(r, p), 1);
    assert_int_equal(count_ids(r, q1), 1);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, q1, "both()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2); /* q2 (out), p (in) */
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), q2);
    assert_string_equal(str(cJSON_GetArrayItem(r, 1), "ogit/_id"), p);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, q1, "inE().outV()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), p);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, q1, "bothE().bothV()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 4);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, q1, "bothE().bothV().dedup()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    cJSON_Delete(r);
    /* two hops with duplicates, then dedup, has, hasNot, limit */
    r = hiro_store_gremlin(s, p, "out().in()", false, &st);
    assert_int_equal(count_ids(r, p), 3);
    assert_int_equal(count_ids(r, q1), 1);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out().has('ogit/_type','ogit/Question')", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out().has('/n', 2)", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), q2);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out().has('/n')", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out().hasNot('/n')", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), t);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out().limit(2)", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out().limit(0)", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 0);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, t, "outE()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 0);
    cJSON_Delete(r);
    /* deleted vertices are skipped unless asked for */
    cJSON *d = hiro_store_delete(s, t, &ALICE, NULL, &st);
    cJSON_Delete(d);
    r = hiro_store_gremlin(s, p, "out()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, p, "out()", true, &st);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    cJSON_Delete(r);

    expect_gremlin_error(s, "nope", "outE()", 404, "not found: nope");
    expect_gremlin_error(s, p, "", 400, "gremlin: at 0: empty query");
    expect_gremlin_error(s, p, "outE", 400, "gremlin: at 4: expected '(' after outE");
    expect_gremlin_error(s, p, "outE(", 400, "gremlin: at 5: missing ')'");
    expect_gremlin_error(s, p, "outE()inV()", 400, "gremlin: at 6: expected '.' between steps");
    expect_gremlin_error(s, p, "outE().", 400, "gremlin: at 7: expected a step name");
    expect_gremlin_error(s, p, "outE('x)", 400, "gremlin: at 8: missing closing quote");
    expect_gremlin_error(s, p, "outE(x)", 400, "gremlin: at 5: expected a quoted string or an integer");
    expect_gremlin_error(s, p, "outE('a',)", 400, "gremlin: at 9: expected an argument");
    expect_gremlin_error(s, p, "outE('a' 'b')", 400, "gremlin: at 9: expected ',' or ')'");
    expect_gremlin_error(s, p, "drop()", 400,
                         "gremlin: unsupported step 'drop' (outE, inE, bothE, inV, outV, bothV, out, in, both, "
                         "has, hasNot, dedup, limit)");
    expect_gremlin_error(s, p, "has()", 400, "gremlin: has takes (name) or, for has, (name, value)");
    expect_gremlin_error(s, p, "hasNot('a','b')", 400, "gremlin: hasNot takes (name) or, for has, (name, value)");
    expect_gremlin_error(s, p, "limit(-1)", 400, "gremlin: limit takes one integer >= 0");
    char many[1024] = "";
    for (int i = 0; i < 70; i++)
        strcat(many, i ? ".dedup()" : "dedup()");
    expect_gremlin_error(s, p, many, 400, "gremlin: at 512: more than 64 steps");
    free(p);
    free(q1);
    free(q2);
    free(t);
    hiro_store_free(s);
}

static void test_gremlin_large(void **state)
{
    (void)state;
    hiro_store *s = hiro_store_new(4);
    char *hub = make(s, "ogit/Hub", NULL, &ALICE);
    hiro_status st = { 0 };
    for (int i = 0; i < 320; i++) {
        char *leaf = make(s, "ogit/Leaf", NULL, &ALICE);
        cJSON *e = hiro_store_connect(s, "ogit/has", hub, leaf, &ALICE, NULL, &st);
        assert_non_null(e);
        cJSON_Delete(e);
        free(leaf);
    }
    /* 320 leaves, back to the hub 320 times, out to 102400 leaves: over the cap */
    cJSON *r = hiro_store_gremlin(s, hub, "out().in().out()", false, &st);
    assert_null(r);
    assert_int_equal(st.code, 400);
    assert_string_equal(st.message, "gremlin: traversal larger than 100000 elements");
    /* under the cap, dedup folds 78400 visits into the 320 distinct leaves */
    r = hiro_store_gremlin(s, hub, "out().in().limit(280).out().limit(78400).dedup()", false, &st);
    assert_non_null(r);
    assert_int_equal(cJSON_GetArraySize(r), 320);
    cJSON_Delete(r);
    r = hiro_store_gremlin(s, hub, "out().in().dedup()", false, &st);
    assert_int_equal(cJSON_GetArraySize(r), 1);
    assert_string_equal(str(cJSON_GetArrayItem(r, 0), "ogit/_id"), hub);
    cJSON_Delete(r);
    free(hub);
    hiro_store_free(s);
}

/* Changes made in the graph reach the event stream as the matching events. */
static void test_changes_feed_the_stream(void **state)
{
    (void)state;
    hiro_store *g = hiro_store_new(3);
    hiro_stream *s = hiro_stream_new(3, 0);
    hiro_conn_params p = { .allscopes = false, .default_scope = "scope-1" };
    hiro_conn *c = hiro_stream_join(s, &p, NULL);
    hiro_status st;
    assert_int_equal(hiro_stream_register(s, c, "q", "jfilter", "&(element.ogit/_type=ogit/Question)(action=C*)",
                                          NULL, &st),
                     0);
    hiro_deliveries d = { 0 };
    hiro_event *ev = NULL;
    cJSON *v = hiro_store_create(g, "ogit/Question", NULL, NULL, &ALICE, &ev, &st);
    hiro_stream_publish(s, ev, &d);
    assert_int_equal(d.count, 1);
    cJSON *got = cJSON_Parse(d.items[0].text);
    assert_string_equal(str(got, "id"), str(v, "ogit/_id"));
    assert_string_equal(str(got, "type"), "CREATE");
    assert_true(num(got, "timestamp") == 1764110000000);
    cJSON_Delete(got);
    hiro_deliveries_free(&d);
    /* another scope (BOB's) is not delivered to this allscopes=false connection */
    cJSON *w = hiro_store_create(g, "ogit/Question", NULL, NULL, &BOB, &ev, &st);
    hiro_stream_publish(s, ev, &d);
    assert_int_equal(d.count, 0);
    /* an update is not a C* action */
    cJSON *patch = json("{\"/a\":1}");
    cJSON *u = hiro_store_update(g, str(v, "ogit/_id"), patch, &ALICE, &ev, &st);
    hiro_stream_publish(s, ev, &d);
    assert_int_equal(d.count, 0);
    /* connect is: CONNECT, scope of the out vertex */
    cJSON *e = hiro_store_connect(g, "ogit/relates", str(v, "ogit/_id"), str(w, "ogit/_id"), &ALICE, &ev, &st);
    assert_int_equal(hiro_stream_register(s, c, "e", "jfilter", "(element.ogit/_graphtype=edge)", NULL, &st), 0);
    hiro_stream_publish(s, ev, &d);
    assert_int_equal(d.count, 1);
    got = cJSON_Parse(d.items[0].text);
    assert_string_equal(str(got, "id"), str(e, "ogit/_id"));
    assert_string_equal(str(got, "type"), "CONNECT");
    cJSON_Delete(got);
    hiro_deliveries_free(&d);
    cJSON_Delete(e);
    cJSON_Delete(u);
    cJSON_Delete(patch);
    cJSON_Delete(w);
    cJSON_Delete(v);
    hiro_stream_free(s);
    hiro_store_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_create_and_get),
        cmocka_unit_test(test_update_replace_delete),
        cmocka_unit_test(test_deleted_in_queries),
        cmocka_unit_test(test_list_meta),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_query_ids),
        cmocka_unit_test(test_timeseries_and_content),
        cmocka_unit_test(test_gremlin),
        cmocka_unit_test(test_gremlin_large),
        cmocka_unit_test(test_changes_feed_the_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

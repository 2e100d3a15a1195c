#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hiro/hiro_jfilter.h"
#include "hiro/hiro_stream.h"
#include "rng.h"

/* A vertex event: id, type name, scope (NULL: none), one free attribute. */
static hiro_event *vertex_event(hiro_event_type t, const char *id, const char *otype, const char *scope)
{
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "ogit/_id", id);
    cJSON_AddStringToObject(v, "ogit/_type", otype);
    if (scope)
        cJSON_AddStringToObject(v, "ogit/_scope", scope);
    cJSON_AddStringToObject(v, "/name", id);
    hiro_event_meta meta = { "alice", "app", 1764110000000 };
    hiro_event *ev = t == HIRO_EV_DELETE ? hiro_event_new(t, v, NULL, &meta) : hiro_event_new(t, NULL, v, &meta);
    cJSON_Delete(v);
    assert_non_null(ev);
    return ev;
}

static hiro_conn *join(hiro_stream *s, const char *group, hiro_offset off, bool allscopes, void *user)
{
    hiro_conn_params p = { .group_id = group, .offset = off, .allscopes = allscopes, .default_scope = "home" };
    hiro_conn *c = hiro_stream_join(s, &p, user);
    assert_non_null(c);
    return c;
}

static void reg(hiro_stream *s, hiro_conn *c, const char *id, const char *filter, hiro_deliveries *out)
{
    hiro_status st = { 0 };
    if (hiro_stream_register(s, c, id, "jfilter", filter, out, &st) != 0)
        fail_msg("register %s: %d %s", filter, st.code, st.message);
}

/* Publishes and returns the number of deliveries; *d keeps them. */
static size_t publish(hiro_stream *s, hiro_event *ev, hiro_deliveries *d)
{
    hiro_deliveries_free(d);
    assert_true(hiro_stream_publish(s, ev, d) > 0);
    assert_false(d->oom);
    return d->count;
}

static const char *delivered_id(const hiro_delivery *it, char buf[64])
{
    cJSON *o = cJSON_Parse(it->text);
    assert_non_null(o);
    snprintf(buf, 64, "%s", cJSON_GetObjectItem(o, "id")->valuestring);
    cJSON_Delete(o);
    return buf;
}

static void test_filters_decide_delivery(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    int user = 7;
    hiro_conn *c = join(s, NULL, HIRO_OFFSET_LARGEST, true, &user);
    hiro_deliveries d = { 0 };
    /* no filter: nothing */
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v1", "ogit/Question", "s1"), &d), 0);
    reg(s, c, "f1", "(element.ogit/_type = ogit/Question)", NULL);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v2", "ogit/Question", "s1"), &d), 1);
    assert_ptr_equal(d.items[0].conn, c);
    assert_ptr_equal(d.items[0].user, &user);
    assert_int_equal(d.items[0].len, strlen(d.items[0].text));
    cJSON *o = cJSON_Parse(d.items[0].text);
    assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, "v2");
    assert_string_equal(cJSON_GetObjectItem(o, "type")->valuestring, "CREATE");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "timestamp")));
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "nanotime")));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "body"), "/name")->valuestring, "v2");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "metadata"), "ogit/_modified-by")->valuestring,
                        "alice");
    cJSON_Delete(o);
    /* not matching: nothing */
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v3", "ogit/Answer", "s1"), &d), 0);
    /* two matching filters: sent once */
    reg(s, c, "f2", "(action=C*)", NULL);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v4", "ogit/Question", "s1"), &d), 1);
    /* either filter suffices */
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v5", "ogit/Answer", "s1"), &d), 1);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_UPDATE, "v6", "ogit/Answer", "s1"), &d), 0);
    /* unregister stops that filter only */
    hiro_stream_unregister(s, c, "f2");
    assert_int_equal(hiro_stream_filter_count(c), 1);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v7", "ogit/Answer", "s1"), &d), 0);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_UPDATE, "v8", "ogit/Question", "s1"), &d), 1);
    hiro_stream_unregister(s, c, "no-such-filter");
    assert_int_equal(hiro_stream_filter_count(c), 1);
    /* re-register the same id replaces */
    reg(s, c, "f1", "(action=DELETE)", NULL);
    assert_int_equal(hiro_stream_filter_count(c), 1);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_UPDATE, "v9", "ogit/Question", "s1"), &d), 0);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_DELETE, "v10", "ogit/Answer", "s1"), &d), 1);
    /* clear stops everything */
    reg(s, c, "f3", "(element.ogit/_id=*)", NULL);
    hiro_stream_clear(s, c);
    assert_int_equal(hiro_stream_filter_count(c), 0);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_DELETE, "v11", "ogit/Answer", "s1"), &d), 0);
    hiro_deliveries_free(&d);
    hiro_stream_free(s);
}

static void test_register_errors(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    hiro_conn *c = join(s, NULL, HIRO_OFFSET_LARGEST, true, NULL);
    hiro_status st = { 0 };
    assert_int_equal(hiro_stream_register(s, c, "f", "jfilter", "(element.a=b", NULL, &st), -1);
    assert_int_equal(st.code, 400);
    assert_string_equal(st.message, "jfilter: at 12: missing ')' after the value");
    assert_int_equal(hiro_stream_register(s, c, "f", "xpath", "(action=*)", NULL, &st), -1);
    assert_int_equal(st.code, 400);
    assert_string_equal(st.message, "unsupported filter-type (only \"jfilter\")");
    assert_int_equal(hiro_stream_register(s, c, "f", "jfilter", NULL, NULL, &st), -1);
    assert_int_equal(st.code, 400);
    assert_int_equal(hiro_stream_filter_count(c), 0);
    /* a failed re-register keeps the old filter */
    reg(s, c, "f", "(action=*)", NULL);
    assert_int_equal(hiro_stream_register(s, c, "f", "jfilter", "(", NULL, &st), -1);
    assert_int_equal(hiro_stream_filter_count(c), 1);
    hiro_deliveries d = { 0 };
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v1", "t", NULL), &d), 1);
    /* without filter-id the content is the id; no type means jfilter */
    assert_int_equal(hiro_stream_register(s, c, NULL, NULL, "(action=UPDATE)", NULL, &st), 0);
    assert_int_equal(hiro_stream_register(s, c, "", NULL, "(action=UPDATE)", NULL, &st), 0);
    assert_int_equal(hiro_stream_filter_count(c), 2);
    hiro_stream_unregister(s, c, "(action=UPDATE)");
    assert_int_equal(hiro_stream_filter_count(c), 1);
    /* at most HIRO_STREAM_MAX_FILTERS */
    for (int i = hiro_stream_filter_count(c); i < HIRO_STREAM_MAX_FILTERS; i++) {
        char id[16];
        snprintf(id, sizeof id, "g%d", i);
        reg(s, c, id, "(action=UPDATE)", NULL);
    }
    assert_int_equal(hiro_stream_register(s, c, "one-more", "jfilter", "(action=*)", NULL, &st), -1);
    assert_string_equal(st.message, "too many filters (at most 64)");
    reg(s, c, "g5", "(action=DELETE)", NULL); /* replacing is still allowed */
    hiro_deliveries_free(&d);
    hiro_stream_free(s);
}

static void test_scopes(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    hiro_conn *all = join(s, NULL, HIRO_OFFSET_LARGEST, true, NULL);
    hiro_conn *lim = join(s, NULL, HIRO_OFFSET_LARGEST, false, NULL);
    reg(s, all, "f", "(element.ogit/_id=*)", NULL);
    reg(s, lim, "f", "(element.ogit/_id=*)", NULL);
    hiro_deliveries d = { 0 };
    /* the account's default scope needs no subscribe */
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "a", "t", "home"), &d), 2);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "b", "t", "other"), &d), 1);
    assert_ptr_equal(d.items[0].conn, all);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "c", "t", NULL), &d), 1);
    assert_ptr_equal(d.items[0].conn, all);
    hiro_status st = { 0 };
    assert_int_equal(hiro_stream_subscribe(s, lim, "other", NULL, &st), 0);
    assert_int_equal(hiro_stream_subscribe(s, lim, "other", NULL, &st), 0); /* idempotent */
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "d", "t", "other"), &d), 2);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "e", "t", "third"), &d), 1);
    assert_int_equal(hiro_stream_subscribe(s, lim, "", NULL, &st), -1);
    assert_int_equal(st.code, 400);
    assert_int_equal(hiro_stream_subscribe(s, lim, NULL, NULL, &st), -1);
    /* another account's token brings another default scope */
    assert_int_equal(hiro_stream_set_default_scope(lim, "third"), 0);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "e2", "t", "third"), &d), 2);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "a2", "t", "home"), &d), 1);
    assert_int_equal(hiro_stream_set_default_scope(lim, NULL), 0);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "e3", "t", "third"), &d), 1);
    assert_int_equal(hiro_stream_set_default_scope(lim, "home"), 0);
    /* deliveries keep join order */
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "f", "t", "home"), &d), 2);
    assert_ptr_equal(d.items[0].conn, all);
    assert_ptr_equal(d.items[1].conn, lim);
    hiro_deliveries_free(&d);
    hiro_stream_free(s);
}

static void test_delta_and_shared_texts(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    hiro_conn *a = join(s, NULL, HIRO_OFFSET_LARGEST, true, NULL);
    hiro_conn_params p = { .allscopes = true, .delta = true };
    hiro_conn *dl = hiro_stream_join(s, &p, NULL);
    hiro_conn *b = join(s, NULL, HIRO_OFFSET_LARGEST, true, NULL);
    reg(s, a, "f", "(element./n>1)", NULL);
    reg(s, dl, "f", "(element./n>1)", NULL);
    reg(s, b, "f", "(element./n>1)", NULL);
    cJSON *before = cJSON_Parse("{\"ogit/_id\":\"v\",\"/n\":1,\"/gone\":\"x\",\"/same\":true}");
    cJSON *after = cJSON_Parse("{\"ogit/_id\":\"v\",\"/n\":2,\"/new\":\"y\",\"/same\":true}");
    hiro_deliveries d = { 0 };
    assert_int_equal(publish(s, hiro_event_new(HIRO_EV_UPDATE, before, after, NULL), &d), 3);
    assert_ptr_equal(d.items[0].conn, a);
    assert_ptr_equal(d.items[1].conn, dl);
    assert_ptr_equal(d.items[2].conn, b);
    assert_ptr_equal(d.items[0].text, d.items[2].text); /* one rendering per form */
    assert_int_equal(d.ntexts, 2);
    cJSON *full = cJSON_Parse(d.items[0].text);
    char *fb = cJSON_PrintUnformatted(cJSON_GetObjectItem(full, "body"));
    assert_string_equal(fb, "{\"ogit/_id\":\"v\",\"/n\":2,\"/new\":\"y\",\"/same\":true}");
    cJSON *delta = cJSON_Parse(d.items[1].text);
    char *db = cJSON_PrintUnformatted(cJSON_GetObjectItem(delta, "body"));
    assert_string_equal(db, "{\"=/n\":2,\"+/new\":\"y\",\"-/gone\":\"x\"}");
    /* the filter saw the full element (/n is not a key of the delta body) */
    free(fb);
    free(db);
    cJSON_Delete(full);
    cJSON_Delete(delta);
    cJSON_Delete(before);
    cJSON_Delete(after);
    hiro_deliveries_free(&d);
    hiro_stream_free(s);
}

static void test_time_fields(void **state)
{
    (void)state;
    hiro_stream *s1 = hiro_stream_new(42, 0), *s2 = hiro_stream_new(42, 0), *s3 = hiro_stream_new(43, 0);
    int64_t prev = 0;
    for (int i = 0; i < 500; i++) {
        hiro_event *e1 = vertex_event(HIRO_EV_CREATE, "v", "t", NULL);
        hiro_event *e2 = vertex_event(HIRO_EV_CREATE, "v", "t", NULL);
        hiro_event *e3 = vertex_event(HIRO_EV_CREATE, "v", "t", NULL);
        hiro_stream_publish(s1, e1, NULL);
        hiro_stream_publish(s2, e2, NULL);
        hiro_stream_publish(s3, e3, NULL);
        assert_true(e1->nanotime > prev);            /* monotonic */
        assert_true(e1->nanotime < 1000000000000000); /* prints as an exact integer */
        assert_int_equal(e1->nanotime, e2->nanotime); /* deterministic per seed */
        if (i == 0)
            assert_true(e1->nanotime != e3->nanotime);
        assert_int_equal(e1->seq, (uint64_t)i + 1);
        assert_int_equal(e1->timestamp, 1764110000000); /* the change's own time */
        prev = e1->nanotime;
    }
    /* without a timestamp the stream's clock gives one, also in metadata */
    cJSON *v = cJSON_Parse("{\"ogit/_id\":\"x\"}");
    hiro_event *ev = hiro_event_new(HIRO_EV_CREATE, NULL, v, NULL);
    uint64_t seq = hiro_stream_publish(s1, ev, NULL);
    assert_int_equal(ev->timestamp, 1764115200000 + (int64_t)seq);
    assert_int_equal((int64_t)cJSON_GetObjectItem(ev->metadata, "ogit/_modified-on")->valuedouble, ev->timestamp);
    cJSON_Delete(v);
    assert_int_equal(hiro_stream_publish(s1, NULL, NULL), 0);
    hiro_stream_free(s1);
    hiro_stream_free(s2);
    hiro_stream_free(s3);
}

static void test_group_splits_stream(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    hiro_conn *m[3];
    for (int i = 0; i < 3; i++) {
        m[i] = join(s, "g", HIRO_OFFSET_LARGEST, true, NULL);
        reg(s, m[i], "f", "(element.ogit/_id=*)", NULL);
    }
    hiro_conn *solo = join(s, NULL, HIRO_OFFSET_LARGEST, true, NULL);
    reg(s, solo, "f", "(element.ogit/_id=*)", NULL);
    hiro_conn *other = join(s, "h", HIRO_OFFSET_LARGEST, true, NULL);
    reg(s, other, "f", "(element.ogit/_id=*)", NULL);
    int got[3] = { 0 };
    hiro_deliveries d = { 0 };
    for (int i = 0; i < 30; i++) {
        char id[16];
        snprintf(id, sizeof id, "v%d", i);
        /* solo, one member of g, the member of h */
        assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, id, "t", NULL), &d), 3);
        int in_g = 0;
        for (size_t k = 0; k < d.count; k++)
            for (int j = 0; j < 3; j++)
                if (d.items[k].conn == m[j]) {
                    got[j]++;
                    in_g++;
                }
        assert_int_equal(in_g, 1);
    }
    assert_int_equal(got[0], 10);
    assert_int_equal(got[1], 10);
    assert_int_equal(got[2], 10);
    /* a member that does not want an event does not take it from the others */
    hiro_stream_clear(s, m[0]);
    reg(s, m[0], "f", "(action=DELETE)", NULL);
    for (int i = 0; i < 6; i++) {
        publish(s, vertex_event(HIRO_EV_UPDATE, "u", "t", NULL), &d);
        int in_g = 0;
        for (size_t k = 0; k < d.count; k++) {
            assert_ptr_not_equal(d.items[k].conn, m[0]);
            in_g += d.items[k].conn == m[1] || d.items[k].conn == m[2];
        }
        assert_int_equal(in_g, 1);
    }
    /* two members after one leaves: still exactly one each */
    hiro_stream_leave(s, m[2]);
    int two[2] = { 0 };
    for (int i = 0; i < 8; i++) {
        publish(s, vertex_event(HIRO_EV_DELETE, "x", "t", NULL), &d);
        for (size_t k = 0; k < d.count; k++) {
            two[0] += d.items[k].conn == m[0];
            two[1] += d.items[k].conn == m[1];
        }
        assert_int_equal(two[0] + two[1], i + 1);
    }
    assert_int_equal(two[0], 4);
    assert_int_equal(two[1], 4);
    /* no member wants it: nobody in the group gets it */
    hiro_stream_clear(s, m[0]);
    hiro_stream_clear(s, m[1]);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_DELETE, "y", "t", NULL), &d), 2);
    hiro_deliveries_free(&d);
    hiro_stream_free(s);
}

/* An orphaned member keeps its share of the group, with its deliveries' user NULL. */
static void test_orphan_keeps_membership(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    int a_user, b_user;
    hiro_conn *a = join(s, "g", HIRO_OFFSET_LARGEST, true, &a_user);
    hiro_conn *b = join(s, "g", HIRO_OFFSET_LARGEST, true, &b_user);
    reg(s, a, "f", "(element.ogit/_id=*)", NULL);
    reg(s, b, "f", "(element.ogit/_id=*)", NULL);
    hiro_stream_orphan(b);
    hiro_deliveries d = { 0 };
    int to_a = 0, to_nobody = 0;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "v", "t", NULL), &d), 1);
        to_a += d.items[0].user == &a_user;
        to_nobody += d.items[0].user == NULL;
    }
    assert_int_equal(to_a, 2);
    assert_int_equal(to_nobody, 2);
    hiro_deliveries_free(&d);
    hiro_stream_free(s); /* frees the orphan too (the asan build checks) */
}

static void test_group_replays_missed_events(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    hiro_deliveries d = { 0 };
    hiro_conn *a = join(s, "g", HIRO_OFFSET_SMALLEST, true, NULL);
    reg(s, a, "f", "(element.ogit/_type=ogit/Question)", NULL);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "seen", "ogit/Question", NULL), &d), 1);
    hiro_stream_leave(s, a);
    /* missed while the group had no member */
    publish(s, vertex_event(HIRO_EV_CREATE, "m1", "ogit/Question", NULL), &d);
    publish(s, vertex_event(HIRO_EV_CREATE, "m2", "ogit/Answer", NULL), &d);
    publish(s, vertex_event(HIRO_EV_UPDATE, "m3", "ogit/Question", NULL), &d);
    /* reconnect with smallest: queued, sent once filters allow them, oldest first */
    hiro_conn *b = join(s, "g", HIRO_OFFSET_SMALLEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(b), 3);
    hiro_deliveries r = { 0 };
    reg(s, b, "f", "(element.ogit/_type=ogit/Question)", &r);
    assert_int_equal(r.count, 2);
    char buf[64];
    assert_string_equal(delivered_id(&r.items[0], buf), "m1");
    assert_string_equal(delivered_id(&r.items[1], buf), "m3");
    assert_int_equal(hiro_stream_pending_count(b), 1);
    hiro_deliveries_free(&r);
    /* a later filter that allows the rest sends it, and nothing twice */
    reg(s, b, "g", "(element.ogit/_id=*)", &r);
    assert_int_equal(r.count, 1);
    assert_string_equal(delivered_id(&r.items[0], buf), "m2");
    hiro_deliveries_free(&r);
    reg(s, b, "h", "(action=*)", &r);
    assert_int_equal(r.count, 0);
    assert_int_equal(hiro_stream_pending_count(b), 0);
    hiro_stream_leave(s, b);

    /* missed again, reconnect with largest: nothing replayed */
    publish(s, vertex_event(HIRO_EV_CREATE, "m4", "ogit/Question", NULL), &d);
    hiro_conn *c = join(s, "g", HIRO_OFFSET_LARGEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(c), 0);
    reg(s, c, "f", "(element.ogit/_id=*)", &r);
    assert_int_equal(r.count, 0);
    hiro_stream_leave(s, c);

    /* subscribe-then-register and register-then-subscribe both release the replay */
    publish(s, vertex_event(HIRO_EV_CREATE, "m5", "ogit/Question", "sc"), &d);
    hiro_conn_params p = { .group_id = "g", .offset = HIRO_OFFSET_SMALLEST, .allscopes = false };
    hiro_conn *e = hiro_stream_join(s, &p, NULL);
    reg(s, e, "f", "(element.ogit/_id=*)", &r);
    assert_int_equal(r.count, 0); /* scope not allowed yet */
    hiro_status st = { 0 };
    assert_int_equal(hiro_stream_subscribe(s, e, "sc", &r, &st), 0);
    assert_int_equal(r.count, 1);
    assert_string_equal(delivered_id(&r.items[0], buf), "m5");
    hiro_deliveries_free(&r);
    hiro_stream_leave(s, e);
    publish(s, vertex_event(HIRO_EV_CREATE, "m6", "ogit/Question", "sc"), &d);
    e = hiro_stream_join(s, &p, NULL);
    assert_int_equal(hiro_stream_subscribe(s, e, "sc", &r, &st), 0);
    assert_int_equal(r.count, 0); /* no filter yet */
    reg(s, e, "f", "(element.ogit/_id=*)", &r);
    assert_int_equal(r.count, 1);
    assert_string_equal(delivered_id(&r.items[0], buf), "m6");
    hiro_deliveries_free(&r);

    /* a second member joining a live group has nothing to replay */
    hiro_conn *f = join(s, "g", HIRO_OFFSET_SMALLEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(f), 0);
    /* a new group has no past */
    hiro_conn *n = join(s, "new", HIRO_OFFSET_SMALLEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(n), 0);
    hiro_deliveries_free(&d);
    hiro_stream_free(s); /* frees the remaining connections */
}

static void test_log_bound(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 4);
    hiro_conn *a = join(s, "g", HIRO_OFFSET_LARGEST, true, NULL);
    hiro_stream_leave(s, a);
    for (int i = 0; i < 6; i++) {
        char id[16];
        snprintf(id, sizeof id, "e%d", i);
        hiro_stream_publish(s, vertex_event(HIRO_EV_CREATE, id, "t", NULL), NULL);
    }
    assert_int_equal(hiro_stream_log_size(s), 4);
    hiro_conn *b = join(s, "g", HIRO_OFFSET_SMALLEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(b), 4);
    hiro_deliveries r = { 0 };
    /* two more push e2, e3 out of the log before the filter arrives */
    hiro_stream_publish(s, vertex_event(HIRO_EV_CREATE, "e6", "t", NULL), NULL);
    hiro_stream_publish(s, vertex_event(HIRO_EV_CREATE, "e7", "t", NULL), NULL);
    reg(s, b, "f", "(element.ogit/_id=*)", &r);
    assert_int_equal(r.count, 2);
    char buf[64];
    assert_string_equal(delivered_id(&r.items[0], buf), "e4");
    assert_string_equal(delivered_id(&r.items[1], buf), "e5");
    assert_int_equal(hiro_stream_pending_count(b), 0);
    hiro_deliveries_free(&r);
    hiro_stream_free(s);
}

/* Random joins, leaves, registrations, subscriptions and events, checked after every
 * event against an independent model: a connection without a group gets an event exactly
 * when it wants it; a group with members delivers it to exactly one member when any
 * member wants it, to none otherwise, and only to one that wants it. */
#define MAXC 24
typedef struct {
    hiro_conn *c;
    int group;        /* -1: none */
    bool allscopes;
    int filters[4];   /* indexes into FILTERS, -1 unused (slot = filter id) */
    bool scopes[3];
} model_conn;

static const char *const FILTERS[] = { "(action=C*)", "(element./k=1)", "!(element./k=1)", "(element./k>1)",
                                       "&(action=UPDATE)(element./k<=2)" };
static const char *const SCOPES[] = { "home", "s1", "s2" };

static bool model_wants(const model_conn *m, const hiro_event *ev)
{
    if (!m->allscopes) {
        bool ok = ev->scope && strcmp(ev->scope, "home") == 0; /* the default scope */
        for (int i = 1; i < 3; i++)
            ok |= m->scopes[i] && ev->scope && strcmp(ev->scope, SCOPES[i]) == 0;
        if (!ok)
            return false;
    }
    for (int i = 0; i < 4; i++) {
        if (m->filters[i] < 0)
            continue;
        const char *f = FILTERS[m->filters[i]];
        hiro_jfilter *jf = hiro_jfilter_parse(f, strlen(f), NULL);
        bool hit = hiro_jfilter_match_parts(jf, hiro_event_type_name(ev->type), hiro_event_element(ev), ev->metadata);
        hiro_jfilter_free(jf);
        if (hit)
            return true;
    }
    return false;
}

static void test_random_operations_keep_the_rules(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(9, 64);
    model_conn m[MAXC];
    memset(m, 0, sizeof m);
    uint64_t z = 4242;
#define R(n) ((z = mock_splitmix64(z)) % (n))
    size_t delivered = 0;
    for (int step = 0; step < 20000; step++) {
        int i = (int)R(MAXC);
        int op = (int)R(10);
        if (!m[i].c && op < 8) {
            m[i].group = (int)R(4) - 1;
            m[i].allscopes = R(2);
            char g[8];
            snprintf(g, sizeof g, "g%d", m[i].group);
            hiro_conn_params p = { .group_id = m[i].group >= 0 ? g : NULL, .allscopes = m[i].allscopes,
                                   .offset = HIRO_OFFSET_LARGEST, .default_scope = "home" };
            m[i].c = hiro_stream_join(s, &p, &m[i]);
            for (int k = 0; k < 4; k++)
                m[i].filters[k] = -1;
            memset(m[i].scopes, 0, sizeof m[i].scopes);
        } else if (m[i].c && op == 0) {
            hiro_stream_leave(s, m[i].c);
            m[i].c = NULL;
        } else if (m[i].c && op <= 3) {
            int slot = (int)R(4), f = (int)R(5);
            char id[8];
            snprintf(id, sizeof id, "f%d", slot);
            hiro_status st;
            assert_int_equal(hiro_stream_register(s, m[i].c, id, "jfilter", FILTERS[f], NULL, &st), 0);
            m[i].filters[slot] = f;
        } else if (m[i].c && op == 4) {
            int slot = (int)R(4);
            char id[8];
            snprintf(id, sizeof id, "f%d", slot);
            hiro_stream_unregister(s, m[i].c, id);
            m[i].filters[slot] = -1;
        } else if (m[i].c && op == 5) {
            int sc = 1 + (int)R(2);
            hiro_status st;
            assert_int_equal(hiro_stream_subscribe(s, m[i].c, SCOPES[sc], NULL, &st), 0);
            m[i].scopes[sc] = true;
        } else {
            char body[96];
            snprintf(body, sizeof body, "{\"ogit/_id\":\"v%d\",\"/k\":%d}", step, (int)R(4));
            cJSON *v = cJSON_Parse(body);
            assert_non_null(v);
            /* scope: one of three, or none */
            int sc = (int)R(4);
            if (sc < 3)
                cJSON_AddStringToObject(v, "ogit/_scope", SCOPES[sc]);
            hiro_event *ev = hiro_event_new((hiro_event_type)R(HIRO_EV_TYPE_COUNT), NULL, v, NULL);
            cJSON_Delete(v);
            hiro_deliveries d = { 0 };
            hiro_stream_publish(s, ev, &d);
            assert_false(d.oom);
            int got[MAXC] = { 0 };
            for (size_t k = 0; k < d.count; k++) {
                model_conn *who = d.items[k].user;
                assert_ptr_equal(who->c, d.items[k].conn); /* a live connection */
                got[who - m]++;
            }
            delivered += d.count;
            for (int g = -1; g < 3; g++) {
                int wanting = 0, receiving = 0;
                for (int k = 0; k < MAXC; k++) {
                    if (!m[k].c || m[k].group != g)
                        continue;
                    bool w = model_wants(&m[k], ev);
                    assert_true(got[k] <= 1);
                    if (got[k])
                        assert_true(w); /* only to one that wants it */
                    if (g < 0)
                        assert_int_equal(got[k], w);
                    wanting += w;
                    receiving += got[k];
                }
                if (g >= 0)
                    assert_int_equal(receiving, wanting > 0 ? 1 : 0);
            }
            hiro_deliveries_free(&d);
        }
    }
#undef R
    assert_true(delivered > 1000); /* the walk reaches deliveries */
    hiro_stream_free(s);
}

static void test_idle_groups_are_bounded(void **state)
{
    (void)state;
    hiro_stream *s = hiro_stream_new(1, 0);
    char g[32];
    /* idle groups g0 .. g1024, left in that order */
    for (int i = 0; i <= HIRO_STREAM_MAX_IDLE_GROUPS; i++) {
        snprintf(g, sizeof g, "g%d", i);
        hiro_conn *c = join(s, g, HIRO_OFFSET_LARGEST, true, NULL);
        hiro_stream_leave(s, c);
        hiro_stream_publish(s, vertex_event(HIRO_EV_CREATE, "v", "t", NULL), NULL);
    }
    /* g1 is still known: it missed every event since it was left */
    hiro_conn *c1 = join(s, "g1", HIRO_OFFSET_SMALLEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(c1), HIRO_STREAM_MAX_IDLE_GROUPS);
    /* creating g1024 forgot g0 (idle the longest): it has no past any more */
    hiro_conn *c0 = join(s, "g0", HIRO_OFFSET_SMALLEST, true, NULL);
    assert_int_equal(hiro_stream_pending_count(c0), 0);
    /* and a group with members is never forgotten */
    for (int i = 0; i < 2 * HIRO_STREAM_MAX_IDLE_GROUPS; i++) {
        snprintf(g, sizeof g, "h%d", i);
        hiro_stream_leave(s, join(s, g, HIRO_OFFSET_LARGEST, true, NULL));
    }
    hiro_deliveries d = { 0 };
    reg(s, c1, "f", "(action=*)", NULL);
    assert_int_equal(publish(s, vertex_event(HIRO_EV_CREATE, "w", "t", NULL), &d), 1);
    assert_ptr_equal(d.items[0].conn, c1);
    hiro_deliveries_free(&d);
    hiro_stream_free(s);
}

static void test_params(void **state)
{
    (void)state;
    bool b = false;
    assert_true(hiro_parse_bool_param(NULL, true, &b) && b);
    assert_true(hiro_parse_bool_param("", false, &b) && !b);
    assert_true(hiro_parse_bool_param("true", false, &b) && b);
    assert_true(hiro_parse_bool_param("false", true, &b) && !b);
    assert_false(hiro_parse_bool_param("TRUE", true, &b));
    assert_false(hiro_parse_bool_param("1", true, &b));
    hiro_offset o = HIRO_OFFSET_SMALLEST;
    assert_true(hiro_parse_offset_param(NULL, &o) && o == HIRO_OFFSET_LARGEST);
    assert_true(hiro_parse_offset_param("smallest", &o) && o == HIRO_OFFSET_SMALLEST);
    assert_true(hiro_parse_offset_param("", &o) && o == HIRO_OFFSET_LARGEST);
    assert_true(hiro_parse_offset_param("largest", &o) && o == HIRO_OFFSET_LARGEST);
    assert_false(hiro_parse_offset_param("earliest", &o));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filters_decide_delivery),
        cmocka_unit_test(test_register_errors),
        cmocka_unit_test(test_scopes),
        cmocka_unit_test(test_delta_and_shared_texts),
        cmocka_unit_test(test_time_fields),
        cmocka_unit_test(test_group_splits_stream),
        cmocka_unit_test(test_orphan_keeps_membership),
        cmocka_unit_test(test_group_replays_missed_events),
        cmocka_unit_test(test_log_bound),
        cmocka_unit_test(test_random_operations_keep_the_rules),
        cmocka_unit_test(test_idle_groups_are_bounded),
        cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
